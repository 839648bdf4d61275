"""
Fixtures for the notification tests: villages with their order handlers, and — for the tests
about reliability — a real Celery worker process on a private redis-server.

Every process is started here and stopped here by its PID (its own process group); the machine's
Redis and PostgreSQL are used, never stopped. Each test gets its own redis-server on a port the OS
picks, so `pytest -n 2` workers never share a queue; the worker is pointed at this test process's
own test database (pytest-django's name for it), so it sees the rows the test committed.
"""

import email
import email.policy
import os
import signal
import subprocess
import sys
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection

from desbumi_market.celery import app as celery_app
from members.models import MemberProfile
from notifications import services
from tests.factories import MemberFactory, member_with_account
from tests.orders.helpers import configured_village
from tests.processes import PrivateRedis, free_port, start, stop, wait_until

BASE_DIR = Path(django_settings.BASE_DIR)
CELERY = Path(sys.executable).parent / "celery"
KETUA = MemberProfile.Role.KETUA


def pytest_configure(config):
    config.addinivalue_line("markers", "processes: starts real processes (a Celery worker, redis-server)")


# ----------------------------------------------------------------------------------------------
# Villages and the people who hear of their orders
# ----------------------------------------------------------------------------------------------
@dataclass
class Team:
    shop: object
    ketua: MemberProfile
    handler: MemberProfile
    others: list = field(default_factory=list)


def village_team(slug: str, **shop_options) -> Team:
    """A configured village with an approved ketua and an order handler (both with accounts), and
    three people who must not hear of orders: an anggota, a handler without an account, and a
    handler whose request is still pending."""
    shop = configured_village(slug, **shop_options)
    return Team(
        shop=shop,
        ketua=member_with_account(
            shop=slug, role=KETUA, email=f"ketua.{slug}@contoh.test", display_name="Ketua"
        ),
        handler=member_with_account(shop=slug, email=f"pengurus.{slug}@contoh.test", handles_orders=True),
        others=[
            member_with_account(shop=slug, email=f"anggota.{slug}@contoh.test"),
            MemberFactory(shop=shop, user=None, handles_orders=True, phone="+6281211112222"),
            member_with_account(
                shop=slug,
                email=f"menunggu.{slug}@contoh.test",
                handles_orders=True,
                status=MemberProfile.Status.PENDING,
            ),
        ],
    )


@pytest.fixture
def sabrang():
    return village_team("sabrang")


@pytest.fixture
def wonoasri():
    return village_team("wonoasri", whatsapp="+6281200000002")


# ----------------------------------------------------------------------------------------------
# Real processes: a private redis-server and a Celery worker
# ----------------------------------------------------------------------------------------------
def reset_broker_connections():
    """Forget the pooled broker connections, so the next publish connects afresh (to the current
    URL; after a restart, past the dead sockets)."""
    from kombu import pools

    pools.reset()  # kombu keys its pools by host and port: a restarted server would get the closed one
    services._broker_down_until = 0.0  # this process's "broker is down, do not try" pause
    celery_app._pool = None
    amqp = celery_app.__dict__.get("amqp")
    if amqp is not None:
        amqp._producer_pool = None


@pytest.fixture
def broker(tmp_path, monkeypatch):
    """A private redis-server that this test process publishes its tasks to (eager off)."""
    folder = tmp_path / "redis"
    folder.mkdir()
    server = PrivateRedis(free_port(), folder).start()
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    monkeypatch.setitem(celery_app.conf, "broker_url", server.url)
    reset_broker_connections()
    try:
        yield server
    finally:
        reset_broker_connections()
        server.stop()


def worker_database_url() -> str:
    """postgres:// URL of this test process's test database (…_gw0 under pytest -n)."""
    s = connection.settings_dict
    auth = f"{s['USER']}:{s['PASSWORD']}@" if s["PASSWORD"] else f"{s['USER']}@"
    return f"postgres://{auth}{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@dataclass
class Worker:
    process: subprocess.Popen
    log: Path

    def kill(self):
        """SIGKILL, as the kernel's OOM killer or a pulled plug would: no cleanup, no ack."""
        stop(self.process, sig=signal.SIGKILL)

    def stop(self):
        stop(self.process)


@dataclass
class Workers:
    """Starts Celery worker processes for one test and stops every one of them afterwards."""

    broker: PrivateRedis
    folder: Path
    started: list = field(default_factory=list)

    @property
    def mail_dir(self) -> Path:
        return self.folder / "mail"

    def start(self, **env) -> Worker:
        name = f"w{len(self.started) + 1}"
        log = self.folder / f"worker-{name}.log"
        environment = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_", "CELERY_", "NOTIFICATION_", "PYTEST_"))
        }
        environment.update(
            DJANGO_SETTINGS_MODULE="desbumi_market.settings",
            DJANGO_DEBUG="1",
            DATABASE_URL=worker_database_url(),
            DATABASE_CONN_MAX_AGE="0",
            REDIS_URL=self.broker.url,
            CELERY_TASK_ALWAYS_EAGER="0",
            DJANGO_EMAIL="file",
            DJANGO_EMAIL_FILE_PATH=str(self.mail_dir),
            DJANGO_SITE_URL="https://pasar.desbumi.test",
            NOTIFICATION_RELAY_AFTER="1",
            PYTHONUNBUFFERED="1",
        )
        environment.update({key: str(value) for key, value in env.items()})
        args = [
            str(CELERY),
            "-A",
            "desbumi_market",
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-n",
            f"notifications-{name}-{uuid.uuid4().hex[:8]}@%h",
        ]
        worker = Worker(start(args, env=environment, log=log, cwd=BASE_DIR), log)
        self.started.append(worker)
        wait_until(
            lambda: worker.process.poll() is not None or " ready." in log.read_text(errors="replace"),
            timeout=30,
            what=f"celery worker {name}",
            log=log,
        )
        assert worker.process.poll() is None, log.read_text(errors="replace")[-4000:]
        return worker

    def stop_all(self):
        for worker in self.started:
            worker.stop()

    def logs(self) -> str:
        return "\n".join(w.log.read_text(errors="replace")[-3000:] for w in self.started)


@pytest.fixture
def workers(transactional_db, broker, tmp_path):
    """Real Celery workers for this test, on its private Redis and its own test database."""
    folder = tmp_path / "celery"
    (folder / "mail").mkdir(parents=True)
    group = Workers(broker, folder)
    try:
        yield group
    finally:
        group.stop_all()


def sent_emails(folder: Path) -> list:
    """Every email the file backend wrote in `folder`, parsed (To and Subject decoded)."""
    separator = b"\n" + b"-" * 79 + b"\n"
    found = []
    for path in sorted(folder.glob("*")):
        for chunk in path.read_bytes().split(separator):
            if chunk.strip():
                found.append(email.message_from_bytes(chunk, policy=email.policy.default))
    return found
