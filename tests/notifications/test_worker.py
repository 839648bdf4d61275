"""
Notifications through a real Celery worker process and a real (private) Redis: exactly the expected
deliveries and emails; a worker killed mid-send never sends twice; an order placed while Redis is
down loses nothing; a task run twice by hand sends once; another village never hears of an order.
"""

import re
import time

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from notifications.models import Delivery, Event, Notification
from notifications.tasks import dispatch_event, relay_outbox, send_delivery
from orders.models import Order
from orders.notifications import OrderKind
from tests.factories import UserFactory, verified
from tests.orders.helpers import BUYER, checkout_data, place, product

from .conftest import reset_broker_connections, sent_emails, wait_until

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.processes]

S = Delivery.Status
GUEST = f"email:{BUYER.email}"


def relay_every_second():
    """What celery beat does in production (every minute): here every second."""
    last = [0.0]

    def relay():
        if time.monotonic() - last[0] >= 1:
            last[0] = time.monotonic()
            relay_outbox.delay()

    return relay


def settled(broker, seconds=1.0) -> bool:
    """No task waiting or running for `seconds` in a row (a task between BRPOP and its ack shows
    in neither, so one look is not enough)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not broker.idle():
            return False
        time.sleep(0.1)
    return True


def expected_for(order, team) -> set:
    ketua, handler = f"user:{team.ketua.user_id}", f"user:{team.handler.user_id}"
    return {
        (order.number, ketua, "in_app"),
        (order.number, ketua, "email"),
        (order.number, handler, "in_app"),
        (order.number, handler, "email"),
        (order.number, GUEST, "email"),
    }


def recorded() -> set:
    return set(Delivery.objects.values_list("event__payload__number", "recipient_key", "channel"))


def test_placing_orders_gives_exactly_the_expected_deliveries_and_emails_once(
    workers, broker, sabrang, wonoasri
):
    # given a real worker, and a buyer ordering from Sabrang and Wonoasri in one checkout
    worker = workers.start()
    kunyit = product(sabrang.shop, name="Jamu Kunyit Asam", price=12500, stock=10)
    masker = product(wonoasri.shop, name="Masker Batik", price=15000, stock=10)

    # when she places it (the events commit with the orders; the worker does the rest)
    checkout = place({kunyit: 3, masker: 2})
    sab = checkout.orders.get(shop=sabrang.shop)
    won = checkout.orders.get(shop=wonoasri.shop)
    expected = expected_for(sab, sabrang) | expected_for(won, wonoasri)
    wait_until(
        lambda: Delivery.objects.filter(status=S.SENT).count() == len(expected),
        what="all deliveries sent",
        log=worker.log,
    )
    wait_until(lambda: settled(broker), what="the queue to drain")

    # then: each village's ketua and order handler (in-app and email) and the buyer (email; she
    # has no account) — nobody else: not the anggota, not the handler without an account, not the
    # pending one, and never the other village
    assert recorded() == expected
    assert set(Delivery.objects.values_list("status", "attempts")) == {(S.SENT, 1)}
    assert Event.objects.filter(kind=OrderKind.PLACED, dispatched_at__isnull=False).count() == 2
    emails = sent_emails(workers.mail_dir)
    p = "[Desbumi Market] "  # email subjects carry the site's name; the inbox titles do not
    assert sorted((m["To"], m["Subject"]) for m in emails) == sorted(
        [
            ("ketua.sabrang@contoh.test", f"{p}Pesanan baru {sab.number} untuk Desa Sabrang"),
            ("pengurus.sabrang@contoh.test", f"{p}Pesanan baru {sab.number} untuk Desa Sabrang"),
            ("ketua.wonoasri@contoh.test", f"{p}Pesanan baru {won.number} untuk Desa Wonoasri"),
            ("pengurus.wonoasri@contoh.test", f"{p}Pesanan baru {won.number} untuk Desa Wonoasri"),
            (BUYER.email, f"{p}Pesanan {sab.number} sudah dibuat"),
            (BUYER.email, f"{p}Pesanan {won.number} sudah dibuat"),
        ]
    )
    to_ketua = next(m for m in emails if m["To"] == "ketua.sabrang@contoh.test").get_content()
    assert "3 × Jamu Kunyit Asam — Rp37.500" in to_ketua
    assert "Masker Batik" not in to_ketua
    assert "https://wa.me/6281234567890?text=" in to_ketua
    assert f"https://pasar.desbumi.test/dasbor/pesanan/{sab.pk}/" in to_ketua
    to_buyer = next(
        m for m in emails if m["Subject"] == f"{p}Pesanan {won.number} sudah dibuat"
    ).get_content()
    assert f"Total bayar: Rp{won.total:,}".replace(",", ".") in to_buyer
    assert "BRI 0123-01-000123-50-1 atas nama Kelompok Desbumi Wonoasri" in to_buyer
    assert "https://wa.me/6281200000002?text=" in to_buyer
    assert list(Notification.objects.filter(user=sabrang.ketua.user).values_list("title", flat=True)) == [
        f"Pesanan baru {sab.number} untuk Desa Sabrang"
    ]

    # and when every task is run again by hand (as a redelivery would), nothing more goes out
    for event_id in Event.objects.values_list("pk", flat=True):
        dispatch_event.delay(event_id)
        dispatch_event.delay(event_id)
    for delivery_id in Delivery.objects.values_list("pk", flat=True):
        send_delivery.delay(delivery_id)
        send_delivery.delay(delivery_id)
    relay_outbox.delay()
    wait_until(lambda: settled(broker), what="the repeated tasks to finish", log=worker.log)
    assert " succeeded in " in worker.log.read_text()
    assert recorded() == expected
    assert Notification.objects.count() == 4
    assert len(sent_emails(workers.mail_dir)) == 6


def test_a_worker_killed_mid_send_never_sends_twice_and_staff_see_and_resend_it(
    workers, broker, sabrang, tmp_path
):
    markers = tmp_path / "markers"
    markers.mkdir()
    slow = {
        "DJANGO_SETTINGS_MODULE": "tests.notifications.worker_settings",
        "SLOW_EMAIL_MARKERS": markers,
        "NOTIFICATION_SENDING_TIMEOUT": 2,
    }
    # given a worker whose email sends take a minute
    first = workers.start(**slow, SLOW_EMAIL_SECONDS=60)
    kunyit = product(sabrang.shop, name="Jamu Kunyit Asam", price=12500, stock=10)
    order = place({kunyit: 1}).orders.get()
    expected = expected_for(order, sabrang)

    # when it is SIGKILLed in the very middle of sending the first email
    wait_until(lambda: any(markers.glob("*.started")), what="an email send to start", log=first.log)
    first.kill()
    in_flight = Delivery.objects.get(status=S.SENDING)
    assert (in_flight.channel, in_flight.address) == ("email", "ketua.sabrang@contoh.test")

    # and a worker is started again (the broker hands the lost task out again after 2 s)
    second = workers.start(**slow, SLOW_EMAIL_SECONDS=0.2)
    wait_until(
        lambda: not Delivery.objects.filter(status__in=[S.PENDING, S.SENDING]).exists(),
        what="every delivery to end",
        log=second.log,
        every=relay_every_second(),
        timeout=30,
    )
    wait_until(lambda: settled(broker), what="the queue to drain")

    # then nothing was sent twice: the interrupted one is uncertain (not resent), the rest sent
    assert recorded() == expected
    in_flight.refresh_from_db()
    assert in_flight.status == S.UNCERTAIN
    assert "terputus" in in_flight.last_error
    # the task that was cut off came back to the new worker, which did not send it again
    assert re.search(
        r"send_delivery\[[^]]+\] succeeded in \S+: '(uncertain|sending)'", second.log.read_text()
    )
    assert set(Delivery.objects.exclude(pk=in_flight.pk).values_list("status", flat=True)) == {S.SENT}
    addresses = [m["To"] for m in sent_emails(workers.mail_dir)]
    assert sorted(addresses) == sorted(["pengurus.sabrang@contoh.test", BUYER.email])
    assert Notification.objects.count() == 2

    # and staff see it in the admin, and resend it after checking
    staff = verified(UserFactory(email="staf@migrantcare.test", is_staff=True))
    staff.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="notifications", codename__in=["view_delivery", "change_delivery"]
        )
    )
    admin = Client()
    admin.force_login(staff)
    listing = admin.get("/admin/notifications/delivery/?status__exact=uncertain")
    assert listing.status_code == 200
    assert list(listing.context["cl"].result_list) == [in_flight]
    assert "ketua.sabrang@contoh.test" in listing.content.decode()
    resent = admin.post(
        "/admin/notifications/delivery/",
        {"action": "resend", "_selected_action": [in_flight.pk]},
    )
    assert resent.status_code == 302
    wait_until(
        lambda: Delivery.objects.get(pk=in_flight.pk).status == S.SENT,
        what="the resend",
        log=second.log,
    )
    wait_until(lambda: settled(broker), what="the queue to drain")
    addresses = [m["To"] for m in sent_emails(workers.mail_dir)]
    assert sorted(addresses) == sorted(
        ["ketua.sabrang@contoh.test", "pengurus.sabrang@contoh.test", BUYER.email]
    )
    in_flight.refresh_from_db()
    assert (in_flight.resent_by, in_flight.attempts) == (staff, 1)


def test_an_order_placed_while_redis_is_down_is_placed_and_notified_once_redis_is_back(
    workers, broker, sabrang
):
    # given a buyer at the checkout, and then Redis (the broker) stops
    kunyit = product(sabrang.shop, name="Jamu Kunyit Asam", price=12500, stock=10)
    buyer = Client()
    assert buyer.post("/keranjang/tambah/", {"product": kunyit.pk, "quantity": 2}).status_code == 302
    data = checkout_data(buyer)
    broker.stop()

    # when she places the order
    started = time.monotonic()
    response = buyer.post("/checkout/", data)

    # then she sees her confirmation, not an error, and quickly; the event waits in the outbox
    assert response.status_code == 302
    order = Order.objects.get()
    assert response["Location"] == order.checkout.get_absolute_url()
    assert time.monotonic() - started < 10
    assert list(Event.objects.values_list("kind", "subject_id", "dispatched_at")) == [
        (OrderKind.PLACED, order.pk, None)
    ]
    assert Delivery.objects.count() == 0

    # when Redis is back, a worker runs and the relay (beat) runs
    broker.start()
    reset_broker_connections()
    worker = workers.start()
    relay = relay_every_second()
    wait_until(
        lambda: Delivery.objects.filter(status=S.SENT).count() == 5,
        what="the relayed deliveries",
        log=worker.log,
        every=relay,
    )
    # and keeps running: nothing is sent a second time
    for _ in range(3):
        relay_outbox.delay()
    wait_until(lambda: settled(broker), what="the relay to finish", log=worker.log)

    # then the notifications went out, once each
    assert recorded() == expected_for(order, sabrang)
    assert set(Delivery.objects.values_list("status", flat=True)) == {S.SENT}
    assert sorted(m["To"] for m in sent_emails(workers.mail_dir)) == sorted(
        ["ketua.sabrang@contoh.test", "pengurus.sabrang@contoh.test", BUYER.email]
    )
    assert Notification.objects.count() == 2
