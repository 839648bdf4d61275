"""Helpers for tests that start real processes: free ports, and tools that must be there in CI."""

import os
import socket
import subprocess
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
