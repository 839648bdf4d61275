"""
Account emails through a real, separate Celery worker (deploy/desbumi-worker.service's command, in
production mode) and a real SMTP server in a process of its own: the sign-up code arrives and
works; with the mail server down the worker retries, and the email arrives once, when it is back.
"""

import email
import email.policy
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings as django_settings
from django.test import Client

from desbumi_market.celery import app as celery_app
from tests.notifications.conftest import reset_broker_connections
from tests.processes import free_port, port_open, start, stop, wait_until

from .conftest import BASE_DIR, production_env, unit_command
from .test_celery_processes import json_lines

pytestmark = [pytest.mark.django_db, pytest.mark.processes]

TASK = "members.tasks.send_account_email"
CODE = re.compile(r"^([A-Z0-9]{3,6}-[A-Z0-9]{3,6})\r?$", re.MULTILINE)


@dataclass
class MailServer:
    """tests/security/smtp.py as a process: started and stopped (by its PID) on one port."""

    port: int
    folder: Path
    log: Path
    process: object = None

    def start(self):
        args = [sys.executable, "-m", "tests.security.smtp", str(self.port), str(self.folder)]
        self.process = start(args, log=self.log, cwd=BASE_DIR)
        wait_until(lambda: port_open(self.port), what="SMTP server", log=self.log, process=self.process)

    def stop(self):
        stop(self.process)
        wait_until(lambda: not port_open(self.port), what="SMTP server shutdown", log=self.log)

    def messages(self, to: str | None = None) -> list:
        found = [
            email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            for path in sorted(self.folder.glob("*.eml"))
        ]
        return [m for m in found if to is None or m["To"] == to]


@pytest.fixture
def mail_server(tmp_path):
    server = MailServer(free_port(), tmp_path / "inbox", tmp_path / "smtp.log")
    server.folder.mkdir()
    try:
        yield server
    finally:
        if server.process is not None:
            stop(server.process)


@pytest.fixture
def worker(private_redis, mail_server, monkeypatch, tmp_path):
    """The notifications worker of deploy/, on a private Redis, sending to `mail_server`."""
    # This test process enqueues there, as a web server would (eager off).
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    monkeypatch.setitem(celery_app.conf, "broker_url", private_redis.url)
    reset_broker_connections()
    env = {
        **production_env(
            REDIS_URL=private_redis.url,
            DJANGO_EMAIL="smtp",
            DJANGO_EMAIL_HOST="127.0.0.1",
            DJANGO_EMAIL_PORT=str(mail_server.port),
            DJANGO_EMAIL_USE_TLS="0",
            PYTHONUNBUFFERED="1",
        ),
        # the same key as the web process that sealed the message, as on a server (one env file)
        "DJANGO_SECRET_KEY": django_settings.SECRET_KEY,
    }
    log = tmp_path / "worker.log"
    args = [
        *unit_command("desbumi-worker.service"),
        "--concurrency",
        "1",
        "--without-gossip",
        "--without-mingle",
    ]
    process = start(args, env=env, log=log, cwd=BASE_DIR)
    try:
        wait_until(
            lambda: any(e["message"].endswith(" ready.") for e in json_lines(log)),
            what="notifications worker",
            log=log,
            process=process,
        )
        yield log
    finally:
        stop(process, timeout=20)
        reset_broker_connections()


def sign_up(address: str) -> Client:
    client = Client()
    response = client.post(
        "/akun/signup/", {"email": address, "password1": "kunyit-asam-77", "password2": "kunyit-asam-77"}
    )
    # the page answers at once, whatever the mail server does
    assert (response.status_code, response["Location"]) == (302, "/akun/confirm-email/")
    return client


def confirm_with_the_code_in(message, client: Client, address: str):
    code = CODE.search(message.get_content()).group(1)
    response = client.post("/akun/confirm-email/", {"code": code})
    assert response.status_code == 302
    assert EmailAddress.objects.get(email=address).verified is True


def log_messages(log: Path, *words) -> list[str]:
    return [e["message"] for e in json_lines(log) if all(word in e["message"] for word in words)]


def queue_is_empty(private_redis) -> bool:
    """Nothing waiting on the queue and nothing taken but unacknowledged (acks_late)."""
    import redis

    client = redis.Redis(port=private_redis.port)
    return client.llen("notifications") == 0 and client.hlen("unacked") == 0


def test_account_emails_go_through_the_worker_and_wait_for_the_mail_server(
    worker, mail_server, private_redis
):
    # Given the mail server and the notifications worker are up: a sign-up's code arrives by the
    # worker, and it is the code that confirms her address
    mail_server.start()
    sari = sign_up("sari@contoh.test")
    wait_until(lambda: mail_server.messages("sari@contoh.test"), what="Sari's code", log=worker)
    [to_sari] = mail_server.messages("sari@contoh.test")
    assert to_sari["Subject"].startswith("[Desbumi Market] ")
    confirm_with_the_code_in(to_sari, sari, "sari@contoh.test")
    assert log_messages(worker, TASK, "succeeded")

    # When the mail server is down and Dewi signs up
    mail_server.stop()
    dewi = sign_up("dewi@contoh.test")

    # Then the worker tries, fails, and schedules a retry (nothing lost, nothing sent)
    wait_until(lambda: log_messages(worker, TASK, "retry"), what="a retry", log=worker)
    assert mail_server.messages("dewi@contoh.test") == []

    # And once the mail server is back, the retry delivers her code, once
    mail_server.start()
    wait_until(
        lambda: mail_server.messages("dewi@contoh.test"),
        timeout=90,
        what="Dewi's code after the retry",
        log=worker,
    )
    wait_until(lambda: queue_is_empty(private_redis), what="the queue to drain", log=worker)
    wait_until(lambda: len(log_messages(worker, TASK, "succeeded")) == 2, what="both tasks done", log=worker)
    [to_dewi] = mail_server.messages("dewi@contoh.test")
    assert [m["To"] for m in mail_server.messages()] == ["sari@contoh.test", "dewi@contoh.test"]
    # the worker logged the Message-ID it sent, the one in the email (for the mail server's log)
    assert any(to_dewi["Message-ID"] in line for line in log_messages(worker, TASK, "succeeded"))
    confirm_with_the_code_in(to_dewi, dewi, "dewi@contoh.test")
