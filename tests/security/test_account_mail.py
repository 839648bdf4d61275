"""
Mail down must not break accounts (item 5): sign-up and password reset answer normally with the
SMTP server down; the queued account email is sent once it is back; its secret is never stored.
"""

import email
import re

import pytest
from celery.exceptions import Retry
from django.core import mail
from django.test import Client

from members.models import User
from members.tasks import send_account_email, unseal
from notifications.models import Delivery
from tests.factories import make_staff, member_with_account

from .smtp import SMTPServer, free_port

pytestmark = pytest.mark.django_db


@pytest.fixture
def smtp(settings):
    """SMTP settings pointing at a port where nothing listens yet (the mail server is down)."""
    port = free_port()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "use_tls": False, "timeout": 5},
        }
    }
    return port


@pytest.fixture
def queued(monkeypatch):
    """The broker: what .delay() enqueues (the worker runs it in the test, as it would)."""
    tokens = []
    monkeypatch.setattr(send_account_email, "delay", lambda token: tokens.append(token))
    return tokens


def test_sign_up_with_the_mail_server_down_answers_normally_and_mails_once_it_is_up(smtp, queued):
    # Given the mail server is down, a person signs up
    response = Client().post(
        "/akun/signup/",
        {"email": "sari@contoh.test", "password1": "kunyit-asam-77", "password2": "kunyit-asam-77"},
    )
    # Then the page answers normally (the confirmation page), the account exists, one email is queued
    assert response.status_code == 302
    assert response["Location"] == "/akun/confirm-email/"
    assert User.objects.filter(email="sari@contoh.test").exists()
    assert len(queued) == 1
    # the queued message is encrypted: no address or link readable in the broker
    assert "sari@contoh.test" not in queued[0] and "http" not in queued[0]
    # When the worker tries while the server is down, it retries (nothing sent, nothing lost)
    with pytest.raises(Retry):
        send_account_email.apply(args=[queued[0]], throw=True).get()
    # And once the server is up, the retry sends it
    server = SMTPServer(smtp)
    try:
        message_id = send_account_email.apply(args=[queued[0]]).get()
    finally:
        server.stop()
    assert len(server.received) == 1
    assert "To: sari@contoh.test" in server.received[0]
    assert f"Message-ID: {message_id}" in server.received[0]
    parsed = email.message_from_string(server.received[0])
    # she confirms by the code typed on the sign-up screen (the email carries the code, no link)
    body = parsed.get_payload(decode=True).decode()
    assert re.search(r"^[A-Z0-9]{3,6}-[A-Z0-9]{3,6}\r?$", body, re.MULTILINE), body


def test_password_reset_with_the_mail_server_down_answers_normally(smtp, queued):
    member_with_account(email="ani@contoh.test")
    response = Client().post("/akun/password/reset/", {"email": "ani@contoh.test"})
    assert response.status_code == 302
    assert response["Location"] == "/akun/password/reset/done/"
    assert len(queued) == 1
    message = unseal(queued[0])
    assert message.to == ["ani@contoh.test"]
    assert "/akun/password/reset/key/" in message.body


def test_with_the_broker_down_too_the_page_still_answers(smtp, monkeypatch):
    def broker_down(token):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(send_account_email, "delay", broker_down)
    response = Client().post(
        "/akun/signup/",
        {"email": "dewi@contoh.test", "password1": "kunyit-asam-77", "password2": "kunyit-asam-77"},
    )
    assert response.status_code == 302
    assert User.objects.filter(email="dewi@contoh.test").exists()


def test_in_development_the_account_email_is_sent_at_once(settings):
    # eager Celery, locmem mail: the message arrives, with its Message-ID
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    member_with_account(email="ani@contoh.test")
    Client().post("/akun/password/reset/", {"email": "ani@contoh.test"})
    assert [m.to for m in mail.outbox] == [["ani@contoh.test"]]
    assert mail.outbox[0].extra_headers["Message-ID"].startswith("<")
    # the reset link is in no stored row staff could read
    link = next(line for line in mail.outbox[0].body.splitlines() if "/akun/password/reset/key/" in line)
    assert not Delivery.objects.filter(body__contains=link.strip()).exists()


def test_the_admin_home_counts_failed_and_uncertain_deliveries(client):
    staff = make_staff()
    client.force_login(staff)
    html = client.get("/admin/").content.decode()
    assert "Pengiriman notifikasi:" in html
    assert "Gagal: 0" in html and "Tidak pasti: 0" in html


def test_an_email_delivery_keeps_the_message_id_it_was_sent_with(
    settings, django_capture_on_commit_callbacks
):
    from tests.factories import ProductFactory
    from tests.orders.helpers import configured_village, place

    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        place({ProductFactory(shop=configured_village("sabrang"), stock=5): 1})
    sent = {m.to[0]: m.extra_headers["Message-ID"] for m in mail.outbox}
    deliveries = Delivery.objects.filter(channel="email", status=Delivery.Status.SENT)
    assert deliveries.exists()
    for delivery in deliveries:
        assert delivery.message_id == sent[delivery.address]
