"""The inbox at /dasbor/notifikasi/, the bell in the dashboard menu, and the staff's admin pages."""

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from notifications.models import Delivery, Event, Notification
from orders.notifications import OrderKind
from tests.factories import UserFactory, member_with_account, staff_user

pytestmark = pytest.mark.django_db

INBOX = "/dasbor/notifikasi/"


def notify(user, n=1, *, read=False, path="/dasbor/pesanan/"):
    return [
        Notification.objects.create(
            user=user,
            kind=OrderKind.PLACED,
            title=f"Pesanan baru SAB-{i:05d} untuk Desa Sabrang",
            body=f"Ada pesanan baru SAB-{i:05d}.\nChat pembeli: https://wa.me/6281234567890",
            path=path,
            read_at=timezone.now() if read else None,
        )
        for i in range(n)
    ]


@pytest.fixture
def ketua(client):
    member = member_with_account(role="ketua", email="ketua@contoh.test")
    client.force_login(member.user)
    return member


def test_the_inbox_needs_a_login(client):
    response = client.get(INBOX)
    assert (response.status_code, response["Location"]) == (302, f"/akun/login/?next={INBOX}")


def test_the_ketua_sees_the_bell_count_and_her_notifications_only(client, ketua):
    notify(ketua.user, 3)
    notify(ketua.user, 1, read=True)
    notify(UserFactory(), 2)  # someone else's

    response = client.get(INBOX)

    html = response.content.decode()
    assert response.status_code == 200
    assert response.templates[0].name == "notifications/inbox.html"
    assert (
        'Notifikasi (3)<span class="visually-hidden"> belum dibaca</span></a>' in html
    )  # the bell in the menu
    assert 'class="bell" aria-current="page"' in html
    assert len(response.context["notifications"]) == 4
    assert html.count("notification--unread") == 3
    assert '<a href="https://wa.me/6281234567890" rel="nofollow">' in html


def test_the_bell_shows_no_count_when_all_is_read_on_every_dashboard_page(client, ketua):
    notify(ketua.user, 2, read=True)
    html = client.get("/dasbor/produk/").content.decode()
    assert "Notifikasi</a>" in html
    assert "belum dibaca" not in html
    notify(ketua.user, 1)
    assert (
        'Notifikasi (1)<span class="visually-hidden"> belum dibaca</span>'
        in client.get("/dasbor/pesanan/").content.decode()
    )


def test_marking_one_read_then_all_read(client, ketua):
    first, second, third = notify(ketua.user, 3)

    response = client.post(f"{INBOX}{first.pk}/baca/")
    assert (response.status_code, response["Location"]) == (302, INBOX)
    assert list(Notification.objects.filter(read_at__isnull=True).order_by("pk")) == [second, third]

    response = client.post(f"{INBOX}baca-semua/", follow=True)
    assert "2 notifikasi ditandai sudah dibaca." in response.content.decode()
    assert not Notification.objects.filter(read_at__isnull=True).exists()
    assert "Notifikasi</a>" in response.content.decode()


def test_opening_marks_read_and_goes_to_its_page(client, ketua):
    (note,) = notify(ketua.user, path="/dasbor/pesanan/7/")
    response = client.post(f"{INBOX}{note.pk}/buka/")
    assert (response.status_code, response["Location"]) == (302, "/dasbor/pesanan/7/")
    note.refresh_from_db()
    assert note.read_at is not None


def test_someone_elses_notification_is_a_404_and_stays_unread(client, ketua):
    (theirs,) = notify(UserFactory())
    assert client.post(f"{INBOX}{theirs.pk}/baca/").status_code == 404
    assert client.post(f"{INBOX}{theirs.pk}/buka/").status_code == 404
    assert client.post(f"{INBOX}baca-semua/").status_code == 302
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_marking_read_needs_a_post(client, ketua):
    (note,) = notify(ketua.user)
    assert client.get(f"{INBOX}{note.pk}/baca/").status_code == 405
    assert client.get(f"{INBOX}baca-semua/").status_code == 405
    note.refresh_from_db()
    assert note.read_at is None


def test_a_buyer_with_an_account_has_an_inbox_outside_the_seller_dashboard(client):
    buyer = UserFactory(email="pembeli@contoh.test")
    notify(buyer, 1, path="/pesanan/abc/")
    client.force_login(buyer)

    response = client.get(INBOX)

    assert response.status_code == 200
    assert response.templates[0].name == "notifications/inbox_plain.html"
    html = response.content.decode()
    assert "Menu dasbor" not in html
    assert "1 belum dibaca." in html


def test_the_inbox_costs_the_same_few_queries_for_3_or_30_notifications(client, ketua):
    counts = []
    for n in (3, 30):
        notify(ketua.user, n - Notification.objects.count())
        client.get(INBOX)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(INBOX).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts
    assert counts[1] <= 10, counts


def test_the_bell_adds_one_query_to_dashboard_pages(client, ketua):
    client.get("/dasbor/produk/")
    with CaptureQueriesContext(connection) as ctx:
        client.get("/dasbor/produk/")
    bell = [q["sql"] for q in ctx.captured_queries if "notifications_notification" in q["sql"]]
    assert len(bell) == 1
    assert "COUNT(*)" in bell[0]
    assert len(ctx.captured_queries) <= 10


# ---------------------------------------------------------------------------------------------
# Staff: the deliveries in the admin
# ---------------------------------------------------------------------------------------------
@pytest.fixture
def staff_client(client):
    staff = staff_user()
    staff.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="notifications", codename__in=["view_delivery", "change_delivery"]
        )
    )
    client.force_login(staff)
    return client


def delivery(status, **fields):
    event = Event.objects.create(kind=OrderKind.PAID, payload={"number": "SAB-00001"})
    return Delivery.objects.create(
        event=event,
        channel="email",
        recipient_key="email:rina@contoh.test",
        address="rina@contoh.test",
        audience="buyer",
        subject="Pembayaran pesanan SAB-00001 sudah dikonfirmasi",
        body="…",
        status=status,
        **fields,
    )


def test_staff_see_failed_and_uncertain_deliveries_with_their_error(staff_client):
    failed = delivery(Delivery.Status.FAILED, last_error="SMTPRecipientsRefused: 550")
    uncertain = delivery(Delivery.Status.UNCERTAIN, last_error="Pengiriman terputus")
    delivery(Delivery.Status.SENT)

    response = staff_client.get("/admin/notifications/delivery/?status__exact=failed")
    assert list(response.context["cl"].result_list) == [failed]
    response = staff_client.get(f"/admin/notifications/delivery/{uncertain.pk}/change/")
    assert response.status_code == 200
    assert "Pengiriman terputus" in response.content.decode()
    assert 'name="_save"' not in response.content.decode()


def test_the_resend_action_resends_only_failed_or_uncertain_ones(
    staff_client, django_capture_on_commit_callbacks
):
    failed = delivery(Delivery.Status.FAILED)
    sent = delivery(Delivery.Status.SENT, attempts=1)

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            "/admin/notifications/delivery/",
            {"action": "resend", "_selected_action": [failed.pk, sent.pk]},
            follow=True,
        )

    html = response.content.decode()
    assert "1 pengiriman dijadwalkan ulang." in html
    assert f"Tidak dikirim ulang (sudah terkirim, masih menunggu atau sedang dikirim): {sent.pk}" in html
    failed.refresh_from_db()
    assert (failed.status, failed.resent_by.email) == (Delivery.Status.SENT, "staf@migrantcare.test")
    sent.refresh_from_db()
    assert sent.attempts == 1


def test_staff_without_the_permission_cannot_see_deliveries(client):
    client.force_login(staff_user())
    assert client.get("/admin/notifications/delivery/").status_code == 403
