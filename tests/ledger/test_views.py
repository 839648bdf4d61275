"""The member's income page and the ketua's payout desk: figures, refusals, privacy, query counts."""

import random
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ledger import services
from ledger.models import Entry, KasRate, Payout
from ledger.services import month_of
from members.models import MemberProfile
from orders.models import Order
from orders.services import Actor, order_transition
from tests.factories import MemberFactory, ProductFactory, jpeg_bytes, member_with_account, village
from tests.orders.helpers import configured_village, place

pytestmark = pytest.mark.django_db
VILLAGE = Actor("village", "Bu Ketua")


@pytest.fixture
def ketua():
    configured_village("sabrang")
    return member_with_account(shop="sabrang", role=MemberProfile.Role.KETUA, display_name="Bu Ketua")


@pytest.fixture
def siti():
    return member_with_account(shop="sabrang", display_name="Siti Aminah")


def _sell(member, price=25000, quantity=2):
    product = ProductFactory(
        shop=member.shop, made_by=member, price=price, stock=100, name="Jamu Kunyit Asam"
    )
    order = place({product: quantity}).orders.get()
    return order_transition(order=order, to=Order.Status.PAID, actor=VILLAGE)


def _bulk_sales(member, n):
    """`n` sale entries over 24 months and 30 products, written directly (the page only reads sums)."""
    rng = random.Random(n)
    now = timezone.now()
    entries = []
    for i in range(n):
        at = now - timedelta(days=rng.randint(0, 720))
        entries.append(
            Entry(
                kind=Entry.Kind.SALE,
                shop_id=member.shop_id,
                member=member,
                product_name=f"Produk {i % 30}",
                quantity=1,
                line_total=10000,
                amount=10000,
                booked_at=at,
                month=month_of(at),
            )
        )
    Entry.objects.bulk_create(entries, batch_size=2000)


def test_she_sees_this_month_her_months_products_and_payouts(client, ketua, siti):
    _sell(siti)
    payout = services.payout_record(
        member=siti, amount=30000, method="cash", paid_on=timezone.localdate(), label="Bu Ketua"
    )
    client.force_login(siti.user)
    response = client.get("/dasbor/penghasilan/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Rp50.000" in page and "Rp20.000" in page and "Rp30.000" in page
    assert "Jamu Kunyit Asam" in page
    assert "Saya sudah menerima Rp30.000" in page

    response = client.post(f"/dasbor/penghasilan/{payout.pk}/terima/")
    assert response.status_code == 302
    payout.refresh_from_db()
    assert payout.confirmed_at is not None


def test_she_cannot_confirm_someone_elses_payout(client, ketua, siti):
    _sell(siti)
    payout = services.payout_record(
        member=siti, amount=100, method="cash", paid_on=timezone.localdate(), label="K"
    )
    other = member_with_account(shop="sabrang", display_name="Ani")
    client.force_login(other.user)
    assert client.post(f"/dasbor/penghasilan/{payout.pk}/terima/").status_code == 404
    assert Payout.objects.get(pk=payout.pk).confirmed_at is None
    assert client.get(f"/dasbor/pembayaran-anggota/slip/{payout.pk}.jpg").status_code == 404


def test_the_ketua_cancels_a_payout_recorded_by_mistake_and_she_sees_it_cancelled(client, ketua, siti):
    _sell(siti)  # 50,000 to her
    payout = services.payout_record(
        member=siti, amount=30000, method="cash", paid_on=timezone.localdate(), label="Bu Ketua"
    )
    other_village = member_with_account(shop="ambulu", role=MemberProfile.Role.KETUA, display_name="Bu Ani")
    client.force_login(other_village.user)
    assert client.post(f"/dasbor/pembayaran-anggota/{payout.pk}/batal/", {"reason": "x"}).status_code == 404
    client.force_login(siti.user)  # not the ketua
    assert client.post(f"/dasbor/pembayaran-anggota/{payout.pk}/batal/", {"reason": "x"}).status_code != 302
    assert Payout.objects.get(pk=payout.pk).cancelled_at is None

    client.force_login(ketua.user)
    refused = client.post(f"/dasbor/pembayaran-anggota/{payout.pk}/batal/", {"reason": ""}, follow=True)
    assert "Tulis alasan pembatalan" in refused.content.decode()
    done = client.post(
        f"/dasbor/pembayaran-anggota/{payout.pk}/batal/", {"reason": "salah anggota"}, follow=True
    )
    html = done.content.decode()
    assert "Pembayaran Rp30.000 untuk Siti Aminah dibatalkan; saldonya kembali." in html
    assert "Alasan: salah anggota (Bu Ketua)" in html
    assert services.member_balance(member=siti) == 50000

    client.force_login(siti.user)
    page = client.get("/dasbor/penghasilan/").content.decode()
    assert "Dibatalkan ketua, tidak mengurangi saldo Anda. Alasan: salah anggota" in page
    assert f"/dasbor/penghasilan/{payout.pk}/terima/" not in page  # nothing to confirm


def test_the_ketua_records_a_payout_with_a_slip_and_its_photo_stays_private(client, ketua, siti):
    _sell(siti)
    client.force_login(ketua.user)
    page = client.get("/dasbor/pembayaran-anggota/")
    assert page.status_code == 200 and "Siti Aminah" in page.content.decode()
    response = client.post(
        "/dasbor/pembayaran-anggota/",
        {
            "member": siti.pk,
            "amount": "40.000",
            "method": "transfer",
            "paid_on": timezone.localdate().isoformat(),
            "slip": SimpleUploadedFile("slip.jpg", jpeg_bytes(), content_type="image/jpeg"),
        },
    )
    assert response.status_code == 302
    payout = Payout.objects.get()
    assert (payout.member, payout.amount, payout.method) == (siti, 40000, "transfer")
    assert services.member_balance(member=siti) == 10000
    assert client.get(f"/dasbor/pembayaran-anggota/slip/{payout.pk}.jpg").status_code == 200
    client.force_login(siti.user)
    assert client.get(f"/dasbor/pembayaran-anggota/slip/{payout.pk}.jpg").status_code == 200


def test_a_payout_above_her_balance_or_to_another_village_is_refused_and_keeps_the_input(client, ketua, siti):
    _sell(siti)
    stranger = MemberFactory(shop=village("wonoasri"))
    client.force_login(ketua.user)
    today = timezone.localdate().isoformat()
    response = client.post(
        "/dasbor/pembayaran-anggota/",
        {"member": siti.pk, "amount": "60.000", "method": "cash", "paid_on": today},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "lebih besar dari saldo" in page and 'value="60.000"' in page
    response = client.post(
        "/dasbor/pembayaran-anggota/",
        {"member": stranger.pk, "amount": "1", "method": "cash", "paid_on": today},
    )
    assert response.status_code == 400
    response = client.post(
        "/dasbor/pembayaran-anggota/",
        {"member": siti.pk, "amount": "abc", "method": "", "paid_on": "kemarin"},
    )
    assert response.status_code == 400
    assert Payout.objects.count() == 0 and services.member_balance(member=siti) == 50000


def test_only_the_ketua_opens_the_payout_desk(client, ketua, siti):
    client.force_login(siti.user)
    assert client.get("/dasbor/pembayaran-anggota/").status_code == 403
    assert client.post("/dasbor/pembayaran-anggota/kas/", {"percent": "50"}).status_code == 403
    assert KasRate.objects.count() == 0


def test_the_ketua_sets_the_kas_percentage_and_it_is_recorded(client, ketua, siti):
    client.force_login(ketua.user)
    assert client.post("/dasbor/pembayaran-anggota/kas/", {"percent": "101"}).status_code == 400
    assert client.post("/dasbor/pembayaran-anggota/kas/", {"percent": "10"}).status_code == 302
    rate = KasRate.objects.get()
    assert (rate.percent, rate.set_by, rate.set_by_label) == (10, ketua.user, "Bu Ketua")
    _sell(siti)
    assert services.member_balance(member=siti) == 45000


def test_a_member_without_an_account_is_listed_with_a_printable_statement(client, ketua):
    ibu = MemberFactory(shop=ketua.shop, display_name="Bu Tanpa Akun", user=None)
    _sell(ibu, price=10000, quantity=1)
    client.force_login(ketua.user)
    page = client.get("/dasbor/pembayaran-anggota/").content.decode()
    assert "Bu Tanpa Akun" in page and "Tanpa akun" in page
    statement = client.get(f"/dasbor/pembayaran-anggota/{ibu.pk}/rincian/")
    assert statement.status_code == 200 and "Rp10.000" in statement.content.decode()
    other = MemberFactory(shop=village("wonoasri"))
    assert client.get(f"/dasbor/pembayaran-anggota/{other.pk}/rincian/").status_code == 404


def _queries(client, path):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx.captured_queries)


def test_income_and_payout_pages_cost_the_same_at_10_and_5000_sales(client, ketua, siti):
    _bulk_sales(siti, 10)
    services.payout_record(member=siti, amount=100, method="cash", paid_on=timezone.localdate(), label="K")
    client.force_login(siti.user)
    small_income = _queries(client, "/dasbor/penghasilan/")
    client.force_login(ketua.user)
    small_desk = _queries(client, "/dasbor/pembayaran-anggota/")

    _bulk_sales(siti, 4990)
    for n in range(5):
        _bulk_sales(MemberFactory(shop=ketua.shop, display_name=f"Anggota {n}"), 20)
    client.force_login(siti.user)
    assert _queries(client, "/dasbor/penghasilan/") == small_income <= 10
    client.force_login(ketua.user)
    assert _queries(client, "/dasbor/pembayaran-anggota/") == small_desk <= 10
