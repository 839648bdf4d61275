"""
Who hears of what, in which words, through which channel; and how each delivery ends. Tasks run
eagerly here (as in `make run`); tests/notifications/test_worker.py runs the same with a real worker.
"""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.utils import timezone, translation
from kombu.exceptions import OperationalError as BrokerUnreachable

from desbumi_market.celery import app as celery_app
from members.models import MemberProfile
from members.notifications import MemberKind
from members.services import member_approve, member_reject, member_request_join, member_suspend
from notifications import services
from notifications.exceptions import NotResendable
from notifications.models import Delivery, Event, Notification
from notifications.tasks import dispatch_event, relay_outbox, send_delivery
from orders.models import Order
from orders.notifications import OrderKind
from orders.services import (
    Actor,
    BuyerDetails,
    ShopChoice,
    order_expire_unpaid,
    order_open_complaint,
    order_record_refund,
    order_transition,
    order_upload_receipt,
)
from orders.tasks import remind_expiring_orders
from products.notifications import ProductKind, notify_product_hidden
from tests.factories import MemberFactory, UserFactory, jpeg_bytes, member_with_account, staff_user, village
from tests.orders.helpers import BUYER, place, product

from .backends import PhoneChannel
from .conftest import free_port, reset_broker_connections

pytestmark = pytest.mark.django_db

S = Delivery.Status
D, P, OS = Order.Delivery, Order.Payment, Order.Status
GUEST = f"email:{BUYER.email}"


def user_key(member) -> str:
    return f"user:{member.user_id}"


def deliveries(kind) -> list:
    return sorted(Delivery.objects.filter(event__kind=kind).values_list("recipient_key", "channel", "status"))


def everyone(team) -> list:
    return [
        (user_key(team.ketua), "email", S.SENT),
        (user_key(team.ketua), "in_app", S.SENT),
        (user_key(team.handler), "email", S.SENT),
        (user_key(team.handler), "in_app", S.SENT),
    ]


def village_actor(team):
    return Actor("village", team.ketua.display_name, team.ketua.user)


# ---------------------------------------------------------------------------------------------
# An order is placed
# ---------------------------------------------------------------------------------------------
def test_a_new_order_reaches_its_villages_ketua_and_handlers_and_the_buyer_never_another_village(
    run, sabrang, wonoasri, mailoutbox
):
    kunyit = product(sabrang.shop, name="Jamu Kunyit Asam", price=12500, stock=10)

    checkout = run(place, {kunyit: 3})

    order = checkout.orders.get()
    event = Event.objects.get()
    assert (event.kind, event.subject, event.dispatched_at is not None) == (OrderKind.PLACED, order, True)
    assert deliveries(OrderKind.PLACED) == sorted([*everyone(sabrang), (GUEST, "email", S.SENT)])
    # nobody of Wonoasri, nor the anggota, the handler without an account or the pending one
    assert not Notification.objects.exclude(user__in=[sabrang.ketua.user, sabrang.handler.user]).exists()
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        ["ketua.sabrang@contoh.test", "pengurus.sabrang@contoh.test", BUYER.email]
    )


def test_the_village_message_says_what_to_send_where_and_links_to_the_buyers_whatsapp(run, sabrang):
    maker = MemberFactory(shop=sabrang.shop, display_name="Siti Aminah")
    kunyit = product(sabrang.shop, name="Jamu Kunyit Asam", price=12500, stock=10, made_by=maker)
    buyer = BuyerDetails(**{**BUYER.__dict__, "note": "Tolong dibungkus rapi"})

    with translation.override("en"):  # whoever placed it, the village reads Bahasa Indonesia
        order = run(place, {kunyit: 3}, buyer=buyer).orders.get()

    note = Notification.objects.get(user=sabrang.ketua.user)
    assert note.title == f"Pesanan baru {order.number} untuk Desa Sabrang"
    assert note.path == f"/dasbor/pesanan/{order.pk}/"
    assert note.body.splitlines()[:4] == [
        f"Ada pesanan baru {order.number} untuk Desa Sabrang.",
        "",
        "Yang harus dikirim:",
        "- 3 × Jamu Kunyit Asam — Rp37.500 (dibuat oleh Siti Aminah)",
    ]
    assert f"Total bayar Rp{order.total:,} (Transfer bank).".replace(",", ".") in note.body
    assert (
        "Dikirim (Kurir) ke: Jl. Mawar 5 RT 02/RW 03, Sumbersari, Sumbersari, Kabupaten Jember, "
        "Jawa Timur, 68121" in note.body
    )
    assert "Catatan pembeli: Tolong dibungkus rapi" in note.body
    assert "Pembeli: Bu Rina, +6281234567890" in note.body
    assert (
        "Chat pembeli lewat WhatsApp: https://wa.me/6281234567890?text=Halo%20Bu%20Rina%2C%20kami%20dari"
        "%20Desa%20Sabrang%20tentang%20pesanan%20Anda%20" in note.body
    )


def test_the_buyer_gets_her_confirmation_with_payment_instructions_and_the_villages_whatsapp(
    run, sabrang, mailoutbox
):
    kunyit = product(sabrang.shop, name="Jamu Kunyit Asam", price=12500, stock=10)

    order = run(place, {kunyit: 2}).orders.get()

    mail = next(m for m in mailoutbox if m.to == [BUYER.email])
    assert mail.subject == f"[Desbumi Market] Pesanan {order.number} sudah dibuat"
    assert mail.body.startswith(
        f"Terima kasih, Bu Rina. Pesanan {order.number} dari Desa Sabrang sudah dibuat."
    )
    total = f"Rp{order.total:,}".replace(",", ".")
    assert f"Total bayar: {total}" in mail.body
    code = f"Rp{order.unique_code:,}".replace(",", ".")
    assert (
        f"Cara bayar: transfer tepat {total} (sudah termasuk kode unik {code}) ke rekening BRI "
        "0123-01-000123-50-1 atas nama Kelompok Desbumi Sabrang." in mail.body
    )
    assert "Tiga angka terakhir" not in mail.body
    assert "Chat desa lewat WhatsApp: https://wa.me/6281200000001?text=" in mail.body
    assert mail.body.endswith(f"http://127.0.0.1:8000/pesanan/{order.access_token}/")


def test_a_buyer_with_an_account_gets_it_in_app_too_and_one_without_email_or_account_is_skipped(run, sabrang):
    account = UserFactory(email="rina.akun@contoh.test")
    kunyit = product(sabrang.shop, stock=10)

    with_account = run(place, {kunyit: 1}, user=account).orders.get()
    no_email = run(
        place, {kunyit: 1}, buyer=BuyerDetails(name="Pak Budi", phone="+6281299998888")
    ).orders.get()

    buyer_rows = Delivery.objects.filter(audience="buyer")
    assert sorted(buyer_rows.values_list("event__subject_id", "recipient_key", "channel", "address")) == [
        (with_account.pk, f"user:{account.pk}", "email", BUYER.email),
        (with_account.pk, f"user:{account.pk}", "in_app", ""),
    ]
    assert Event.objects.about(no_email).get().dispatched_at is not None
    assert Notification.objects.get(user=account).path == with_account.get_absolute_url()


def test_running_the_tasks_twice_by_hand_makes_one_delivery_each(run, sabrang, mailoutbox):
    kunyit = product(sabrang.shop, stock=10)
    run(place, {kunyit: 1})
    event = Event.objects.get()
    before = list(Delivery.objects.values_list("pk", "status", "sent_at"))

    for _ in range(2):
        run(dispatch_event.delay, event.pk)
        for pk, _status, _sent in before:
            run(send_delivery.delay, pk)
        run(relay_outbox.delay)

    assert list(Delivery.objects.values_list("pk", "status", "sent_at")) == before
    assert Notification.objects.count() == 2
    assert len(mailoutbox) == 3


# ---------------------------------------------------------------------------------------------
# Every later step of an order
# ---------------------------------------------------------------------------------------------
def test_each_step_of_a_transfer_order_reaches_the_right_person(run, sabrang, mailoutbox):
    kunyit = product(sabrang.shop, name="Jamu Kunyit Asam", stock=10)
    order = run(place, {kunyit: 1}).orders.get()
    village = village_actor(sabrang)
    buyer_only = [(GUEST, "email", S.SENT)]

    run(order_upload_receipt, order=order, uploaded=ContentFile(jpeg_bytes(), name="bukti.jpg"))
    assert deliveries(OrderKind.RECEIPT_UPLOADED) == everyone(sabrang)

    run(order_transition, order=order, to=OS.PAID, actor=village)
    assert deliveries(OrderKind.PAID) == buyer_only
    run(order_transition, order=order, to=OS.PACKED, actor=village)  # packing: no message
    run(
        order_transition,
        order=order,
        to=OS.SHIPPED,
        actor=village,
        tracking_number="JP123",
        courier_name="JNE",
    )
    assert deliveries(OrderKind.SHIPPED) == buyer_only
    shipped = next(
        m for m in mailoutbox if m.subject == f"[Desbumi Market] Pesanan {order.number} sudah dikirim"
    )
    assert "Kurir: JNE. Nomor resi: JP123" in shipped.body

    run(order_open_complaint, order=order, text="Botolnya bocor satu")
    assert deliveries(OrderKind.COMPLAINT_OPENED) == everyone(sabrang)
    complaint = Notification.objects.filter(kind=OrderKind.COMPLAINT_OPENED).first()
    assert '"Botolnya bocor satu"' in complaint.body

    run(order_transition, order=order, to=OS.COMPLETED, actor=Actor("buyer", "Pembeli"))
    assert deliveries(OrderKind.COMPLETED) == buyer_only
    assert sorted(Event.objects.values_list("kind", flat=True)) == sorted(
        [
            OrderKind.PLACED,
            OrderKind.RECEIPT_UPLOADED,
            OrderKind.PAID,
            OrderKind.SHIPPED,
            OrderKind.COMPLAINT_OPENED,
            OrderKind.COMPLETED,
        ]
    )


def test_pickup_ready_buyer_cancelling_village_cancelling_and_the_refund(run, sabrang, mailoutbox):
    kunyit = product(sabrang.shop, stock=10)
    cod = {sabrang.shop.pk: ShopChoice(D.PICKUP, P.COD)}
    village = village_actor(sabrang)

    # ready for pickup → the buyer, with where to collect it and what to pay
    pickup = run(place, {kunyit: 1}, choices=cod).orders.get()
    run(order_transition, order=pickup, to=OS.PACKED, actor=village)
    run(order_transition, order=pickup, to=OS.READY_FOR_PICKUP, actor=village)
    assert deliveries(OrderKind.READY) == [(GUEST, "email", S.SENT)]
    ready = Delivery.objects.get(event__kind=OrderKind.READY)
    assert "Tempat pengambilan: Balai Desa" in ready.body

    # the buyer cancels → she is told, and so is the village (it must not pack it)
    mine = run(place, {kunyit: 1}, choices=cod).orders.get()
    run(order_transition, order=mine, to=OS.CANCELLED, actor=Actor("buyer", "Pembeli"))
    assert deliveries(OrderKind.CANCELLED) == sorted([*everyone(sabrang), (GUEST, "email", S.SENT)])
    assert (
        Delivery.objects.get(
            event__kind=OrderKind.CANCELLED, recipient_key=user_key(sabrang.ketua), channel="email"
        ).subject
        == f"Pembeli membatalkan pesanan {mine.number}"
    )

    # the village cancels a paid order → the buyer only, with the reason and the refund; then the refund
    Delivery.objects.all().delete()
    paid = run(place, {kunyit: 1}).orders.get()
    run(order_transition, order=paid, to=OS.PAID, actor=village)
    run(order_transition, order=paid, to=OS.CANCELLED, actor=village, note="Stok rusak kena banjir")
    cancelled = Delivery.objects.get(event__kind=OrderKind.CANCELLED)
    assert cancelled.recipient_key == GUEST
    assert "Alasan: Stok rusak kena banjir" in cancelled.body
    assert "desa akan mengembalikan" in cancelled.body
    run(order_record_refund, order=paid, actor=village, date=timezone.localdate(), method="transfer")
    assert deliveries(OrderKind.REFUNDED) == [(GUEST, "email", S.SENT)]


def test_an_expired_order_tells_the_buyer_why(run, sabrang):
    kunyit = product(sabrang.shop, stock=10)
    order = run(place, {kunyit: 1}).orders.get()
    Order.objects.filter(pk=order.pk).update(expires_at=timezone.now() - timedelta(minutes=1))

    assert run(order_expire_unpaid) == 1

    cancelled = Delivery.objects.get(event__kind=OrderKind.CANCELLED)
    assert (cancelled.recipient_key, cancelled.channel) == (GUEST, "email")
    assert "Alasan: Batas waktu pembayaran lewat." in cancelled.body


def test_an_unpaid_order_is_reminded_once_before_it_expires(run, sabrang):
    kunyit = product(sabrang.shop, stock=10)
    soon = run(place, {kunyit: 1}).orders.get()
    with_receipt = run(place, {kunyit: 1}).orders.get()
    later = run(place, {kunyit: 1}).orders.get()
    now = timezone.now()
    Order.objects.filter(pk__in=[soon.pk, with_receipt.pk]).update(
        created_at=now - timedelta(hours=43), expires_at=now + timedelta(hours=5)
    )
    Order.objects.filter(pk=with_receipt.pk).update(receipt_uploaded_at=now - timedelta(hours=2))

    # the order whose receipt waits does not expire, so it needs no reminder before a deadline
    assert run(remind_expiring_orders.delay).get() == 1
    assert run(remind_expiring_orders.delay).get() == 0  # once

    reminders = Delivery.objects.filter(event__kind=OrderKind.EXPIRING)
    assert sorted(reminders.values_list("event__subject_id", "recipient_key", "channel")) == [
        (soon.pk, GUEST, "email")
    ]
    to_buyer = reminders.get(event__subject_id=soon.pk)
    assert to_buyer.subject == f"Segera bayar pesanan {soon.number}"
    assert "belum dibayar. Pesanan batal otomatis pada" in to_buyer.body
    assert "Cara bayar: transfer tepat" in to_buyer.body
    assert not Event.objects.about(later).filter(kind=OrderKind.EXPIRING).exists()


# ---------------------------------------------------------------------------------------------
# Low stock, hidden products
# ---------------------------------------------------------------------------------------------
def test_the_maker_is_told_when_an_order_takes_her_stock_to_three_or_to_zero(run, sabrang, settings):
    settings.NOTIFICATION_LOW_STOCK = 3
    maker = member_with_account(shop="sabrang", email="pembuat@contoh.test")
    kunyit = product(sabrang.shop, name="Jamu Kunyit Asam", stock=5, made_by=maker)
    plenty = product(sabrang.shop, name="Jamu Beras Kencur", stock=20, made_by=maker)

    run(place, {kunyit: 2, plenty: 1})  # 5 → 3: told; 20 → 19: not
    run(place, {kunyit: 1})  # 3 → 2: already told
    run(place, {kunyit: 2})  # 2 → 0: sold out, told

    low = Delivery.objects.filter(event__kind=ProductKind.STOCK_LOW, channel="in_app").order_by("pk")
    assert [(d.recipient_key, d.subject) for d in low] == [
        (user_key(maker), "Stok Jamu Kunyit Asam tinggal 3"),
        (user_key(maker), "Stok Jamu Kunyit Asam habis"),
    ]
    assert low[0].path == f"/dasbor/produk/{kunyit.pk}/"
    assert Delivery.objects.filter(event__kind=ProductKind.STOCK_LOW, channel="email").count() == 2


def test_a_maker_without_an_account_has_her_ketua_told_instead(run, sabrang):
    offline = MemberFactory(shop=sabrang.shop, user=None, display_name="Mbah Sumi", phone="+6281233334444")
    kunyit = product(sabrang.shop, name="Jamu Kunyit Asam", stock=4, made_by=offline)

    run(place, {kunyit: 1})

    low = Delivery.objects.get(event__kind=ProductKind.STOCK_LOW, channel="in_app")
    assert low.recipient_key == user_key(sabrang.ketua)
    assert "Produk ini buatan Mbah Sumi, yang belum punya akun" in low.body


def test_notify_product_hidden_tells_the_maker_why(run, sabrang):
    maker = member_with_account(shop="sabrang", email="pembuat@contoh.test")
    masker = product(sabrang.shop, name="Masker Medis 3 Lapis", made_by=maker)
    staff = staff_user()

    run(
        notify_product_hidden,
        product=masker,
        reason="Masker medis butuh izin edar Kemenkes.",
        by=staff,
    )

    assert deliveries(ProductKind.HIDDEN) == [
        (user_key(maker), "email", S.SENT),
        (user_key(maker), "in_app", S.SENT),
    ]
    note = Notification.objects.get(user=maker.user)
    assert note.title == "Produk Masker Medis 3 Lapis disembunyikan oleh Migrant CARE"
    assert "Alasan: Masker medis butuh izin edar Kemenkes." in note.body


# ---------------------------------------------------------------------------------------------
# Members
# ---------------------------------------------------------------------------------------------
def test_a_join_request_reaches_the_ketua_of_that_village_only(run, sabrang, wonoasri):
    applicant = UserFactory(email="calon@contoh.test")

    member = run(
        member_request_join, user=applicant, shop=sabrang.shop, display_name="Bu Wati", phone="0812 1111 2222"
    )

    assert deliveries(MemberKind.JOIN_REQUESTED) == [
        (user_key(sabrang.ketua), "email", S.SENT),
        (user_key(sabrang.ketua), "in_app", S.SENT),
    ]
    note = Notification.objects.get(kind=MemberKind.JOIN_REQUESTED)
    assert note.title == "Bu Wati minta bergabung dengan Desa Sabrang"
    assert "Chat lewat WhatsApp: https://wa.me/6281211112222" in note.body
    assert note.path == "/dasbor/anggota/"

    # approved → she is told; rejected (another one) → she is told why
    run(member_approve, member=member, by=sabrang.ketua.user)
    assert deliveries(MemberKind.APPROVED) == [
        (f"user:{applicant.pk}", "email", S.SENT),
        (f"user:{applicant.pk}", "in_app", S.SENT),
    ]
    other = UserFactory(email="calon2@contoh.test")
    refused = run(
        member_request_join, user=other, shop=sabrang.shop, display_name="Bu Ani", phone="081233335555"
    )
    run(member_reject, member=refused, by=sabrang.ketua.user, reason="Belum pernah ikut pertemuan PPT.")
    rejection = Notification.objects.get(user=other)
    assert rejection.title == "Permintaan bergabung dengan Desa Sabrang belum disetujui"
    assert "Alasan dari ketua desa: Belum pernah ikut pertemuan PPT." in rejection.body


def test_a_join_request_to_a_village_without_a_ketua_account_goes_to_staff(run):
    shop = village("ambulu")
    staff = staff_user()
    UserFactory(email="bukan.staf@contoh.test", is_staff=True)  # staff without the permission

    run(member_request_join, user=UserFactory(), shop=shop, display_name="Bu Wati", phone="0812 1111 2222")

    assert sorted(Delivery.objects.values_list("recipient_key", "channel")) == [
        (f"user:{staff.pk}", "email"),
        (f"user:{staff.pk}", "in_app"),
    ]
    member = MemberProfile.objects.get(display_name="Bu Wati")
    assert Notification.objects.get().path == f"/admin/members/memberprofile/{member.pk}/change/"


def test_a_suspension_reaches_her_and_her_ketua_but_not_the_one_who_did_it(run, sabrang):
    her = member_with_account(shop="sabrang", email="dia@contoh.test")
    staff = staff_user()

    run(member_suspend, member=her, by=staff)
    assert sorted(
        Delivery.objects.filter(channel="in_app").values_list("recipient_key", flat=True)
    ) == sorted([user_key(her), user_key(sabrang.ketua)])

    Delivery.objects.all().delete()
    other = member_with_account(shop="sabrang", email="lain@contoh.test")
    run(member_suspend, member=other, by=sabrang.ketua.user)
    assert list(Delivery.objects.filter(channel="in_app").values_list("recipient_key", flat=True)) == [
        user_key(other)
    ]


# ---------------------------------------------------------------------------------------------
# How a delivery ends: sent, retried, failed, uncertain — and never twice
# ---------------------------------------------------------------------------------------------
def test_a_refused_connection_is_retried_with_backoff_then_failed(run, sabrang, settings, mailoutbox):
    settings.MAILERS = {"default": {"BACKEND": "tests.notifications.backends.RefusingBackend"}}
    kunyit = product(sabrang.shop, stock=10)

    run(place, {kunyit: 1})

    emails = Delivery.objects.filter(channel="email")
    assert set(emails.values_list("status", "attempts")) == {(S.PENDING, 1)}
    first = emails.first()
    assert first.last_error == "ConnectionRefusedError: [Errno 111] Connection refused"
    assert timedelta(seconds=25) < first.next_attempt_at - timezone.now() <= timedelta(seconds=30)
    # a task arriving before the retry time does nothing
    assert services.delivery_send(delivery_id=first.pk) == S.PENDING
    assert Delivery.objects.get(pk=first.pk).attempts == 1

    waits = []
    for _attempt in range(2, 6):
        Delivery.objects.filter(pk=first.pk).update(next_attempt_at=timezone.now())
        status = services.delivery_send(delivery_id=first.pk)
        first.refresh_from_db()
        if status == S.PENDING:
            waits.append(round((first.next_attempt_at - timezone.now()).total_seconds() / 10) * 10)
    assert waits == [120, 600, 1800]
    assert (first.status, first.attempts) == (S.FAILED, 5)
    assert set(Delivery.objects.filter(channel="in_app").values_list("status", flat=True)) == {S.SENT}
    assert mailoutbox == []


def test_a_refused_address_fails_at_once(run, sabrang, settings):
    settings.MAILERS = {"default": {"BACKEND": "tests.notifications.backends.RecipientRefusedBackend"}}
    run(place, {product(sabrang.shop, stock=10): 1})

    failed = Delivery.objects.filter(channel="email")
    assert set(failed.values_list("status", "attempts")) == {(S.FAILED, 1)}
    assert "550" in failed.first().last_error


def test_a_send_cut_off_midway_is_uncertain_never_resent_by_itself_and_staff_resend_it(
    run, sabrang, settings, mailoutbox
):
    settings.MAILERS = {"default": {"BACKEND": "tests.notifications.backends.DroppedBackend"}}
    run(place, {product(sabrang.shop, stock=10): 1})
    dropped = Delivery.objects.filter(channel="email").order_by("pk")
    assert set(dropped.values_list("status", flat=True)) == {S.UNCERTAIN}
    first = dropped.first()
    assert first.last_error == "SMTPServerDisconnected: Connection unexpectedly closed"

    # the task again, the relay: nothing is resent
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    run(send_delivery.delay, first.pk)
    run(services.outbox_relay, now=timezone.now() + timedelta(hours=1))
    assert Delivery.objects.get(pk=first.pk).status == S.UNCERTAIN
    assert mailoutbox == []

    # staff resend it (after checking it did not arrive)
    staff = staff_user()
    staff.user_permissions.add(Permission.objects.get(codename="change_delivery"))
    staff = type(staff).objects.get(pk=staff.pk)
    run(services.delivery_resend, delivery=first, by=staff)
    first.refresh_from_db()
    assert (first.status, first.attempts, first.resent_by) == (S.SENT, 1, staff)
    assert [m.to for m in mailoutbox] == [[first.address]]

    # a sent one cannot be resent; nor by someone without the permission
    with pytest.raises(NotResendable):
        services.delivery_resend(delivery=first, by=staff)
    with pytest.raises(PermissionDenied):
        services.delivery_resend(delivery=dropped.last(), by=staff_user(email="lain@migrantcare.test"))


def test_a_send_left_sending_by_a_dead_worker_becomes_uncertain_after_the_timeout(run, sabrang, settings):
    settings.NOTIFICATION_SENDING_TIMEOUT = 600
    run(place, {product(sabrang.shop, stock=10): 1})
    now = timezone.now()
    dead, alive = Delivery.objects.filter(channel="email").order_by("pk")[:2]
    Delivery.objects.filter(pk=dead.pk).update(status=S.SENDING, sending_since=now - timedelta(minutes=11))
    Delivery.objects.filter(pk=alive.pk).update(status=S.SENDING, sending_since=now - timedelta(minutes=1))

    # a redelivered task for a send still in progress leaves it alone
    assert services.delivery_send(delivery_id=alive.pk) == S.SENDING
    result = services.outbox_relay()

    assert result == {"dispatched": 0, "requeued": 0, "uncertain": 1}
    assert Delivery.objects.get(pk=dead.pk).status == S.UNCERTAIN
    assert Delivery.objects.get(pk=alive.pk).status == S.SENDING


def test_with_the_broker_down_the_order_commits_and_the_relay_sends_it_later(
    run, sabrang, monkeypatch, mailoutbox
):
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    monkeypatch.setitem(celery_app.conf, "broker_url", f"redis://127.0.0.1:{free_port()}/0")  # nobody there
    reset_broker_connections()
    kunyit = product(sabrang.shop, stock=10)
    try:
        order = run(place, {kunyit: 1}).orders.get()  # no error reaches the buyer
    finally:
        monkeypatch.setitem(celery_app.conf, "task_always_eager", True)
        reset_broker_connections()
    event = Event.objects.get()
    assert (event.subject, event.dispatched_at, Delivery.objects.count()) == (order, None, 0)

    assert run(services.outbox_relay)["dispatched"] == 0  # too recent: its own task may still come
    relayed = run(services.outbox_relay, now=timezone.now() + timedelta(seconds=31))

    assert relayed["dispatched"] == 1
    assert deliveries(OrderKind.PLACED) == sorted([*everyone(sabrang), (GUEST, "email", S.SENT)])
    assert len(mailoutbox) == 3
    assert run(services.outbox_relay, now=timezone.now() + timedelta(minutes=5)) == {
        "dispatched": 0,
        "requeued": 0,
        "uncertain": 0,
    }
    assert len(mailoutbox) == 3


def test_during_a_broker_outage_a_process_tries_the_broker_once_not_once_per_event(
    run, sabrang, wonoasri, monkeypatch
):
    attempts = []

    def unreachable(*args, **kwargs):
        attempts.append(args)
        raise BrokerUnreachable("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    monkeypatch.setattr(dispatch_event, "apply_async", unreachable)
    monkeypatch.setattr(services, "_broker_down_until", 0.0)

    checkout = run(place, {product(sabrang.shop, stock=10): 1, product(wonoasri.shop, stock=10): 1})

    assert checkout.orders.count() == 2
    assert Event.objects.filter(kind=OrderKind.PLACED, dispatched_at=None).count() == 2
    assert len(attempts) == 1  # the second event waited for the relay without trying again


# ---------------------------------------------------------------------------------------------
# Channels are configuration
# ---------------------------------------------------------------------------------------------
def test_channels_come_from_the_setting_and_a_phone_channel_reaches_members_without_accounts(
    run, sabrang, settings, mailoutbox
):
    settings.NOTIFICATION_CHANNELS = ["in_app", "tests.notifications.backends.PhoneChannel"]
    PhoneChannel.sent.clear()
    offline_handler = sabrang.others[1]

    order = run(place, {product(sabrang.shop, stock=10): 1}).orders.get()

    assert mailoutbox == []
    assert sorted(Delivery.objects.values_list("recipient_key", "channel", "address")) == sorted(
        [
            (user_key(sabrang.ketua), "in_app", ""),
            (user_key(sabrang.handler), "in_app", ""),
            (f"member:{offline_handler.pk}", "phone", "+6281211112222"),
            (GUEST, "phone", BUYER.phone),
        ]
    )
    assert sorted(PhoneChannel.sent) == sorted(
        [
            ("+6281211112222", f"Pesanan baru {order.number} untuk Desa Sabrang"),
            (BUYER.phone, f"Pesanan {order.number} sudah dibuat"),
        ]
    )
