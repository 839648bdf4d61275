"""Helpers for tests that start real processes: free ports, tools that must be there in CI, starting,
waiting for and stopping a process (by its PID, never by name), and a private redis-server."""

import os
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

IN_CI = os.environ.get("CI", "").lower() == "true"


def missing(what: str):
    """A tool the test needs is not installed: a failure in CI, a visible skip elsewhere."""
    if IN_CI:
        pytest.fail(f"CI=true: {what} is not installed")
    pytest.skip(f"{what} is not installed")


def free_port() -> int:
    """A TCP port nobody listens on now (the OS picks it), so parallel test workers never collide."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(args, *, env=None, log: Path, cwd=None) -> subprocess.Popen:
    """Start a process in its own process group, its output appended to `log`."""
    with log.open("ab") as out:
        return subprocess.Popen(
            args,
            env=env,
            cwd=cwd,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )


def port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def wait_until(check, *, timeout=30.0, what="condition", log: Path | None = None, process=None, every=None):
    """
    Poll `check` until it is true; fail at the timeout (with the end of `log`), or at once if
    `process` died. `every` (if given) runs between polls (e.g. the outbox relay).
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            break
        try:
            if check():
                return
        except OSError:
            pass
        if every is not None:
            every()
        time.sleep(0.1)
    tail = log.read_text(errors="replace")[-4000:] if log and log.exists() else ""
    raise AssertionError(f"{what} did not happen within {timeout} s\n{tail}")


def stop(process: subprocess.Popen, sig=signal.SIGTERM, timeout=10.0) -> None:
    """Stop a process we started (and its children, in its own group): `sig`, then KILL if it lingers."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, sig)
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout)


@dataclass
class PrivateRedis:
    """A redis-server of this test's own on `port` (its files in `folder`): stopped by its PID, never
    the machine's Redis; it can be stopped and started again on the same port, as after a restart."""

    port: int
    folder: Path
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    @property
    def log(self) -> Path:
        return self.folder / "redis.log"

    def start(self):
        binary = shutil.which("redis-server")
        if binary is None:
            missing("redis-server")
        args = [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        self.process = start(args, log=self.log, cwd=self.folder)
        wait_until(lambda: port_open(self.port), timeout=15, what="redis-server", log=self.log)
        return self

    def stop(self):
        if self.process is not None:
            stop(self.process)
            wait_until(lambda: not port_open(self.port), timeout=10, what="redis-server shutdown")

    def client(self):
        import redis

        return redis.Redis(port=self.port)

    def idle(self) -> bool:
        """No task waiting in a queue and none taken but unacknowledged (acks_late: still running)."""
        client = self.client()
        waiting = sum(client.llen(key) for key in client.keys("celery*") if client.type(key) == b"list")
        return waiting == 0 and client.hlen("unacked") == 0
