"""Expired products leave the catalog by themselves and cannot be ordered; makers are reminded before."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.utils import timezone

from members.models import MemberProfile
from notifications.models import Event
from orders.models import Order
from products.models import Product
from products.notifications import ProductKind
from products.notifications import maker as product_recipients
from products.selectors import product_list_public
from products.services import products_check_expiry
from products.tasks import check_expiry
from tests.factories import MemberFactory, ProductFactory, UserFactory, category, village
from tests.orders.helpers import checkout_data, configured_village

from .helpers import VALID_HALAL, complete_jamu

pytestmark = pytest.mark.django_db


@pytest.fixture
def today():
    return timezone.localdate()


def permit_events():
    return list(
        Event.objects.filter(kind=ProductKind.PERMIT)
        .order_by("pk")
        .values_list("payload__name", "payload", "key")
    )


# ------------------------------------------------------------------------------------------------
# The catalog never shows an expired product, whatever the task has done
# ------------------------------------------------------------------------------------------------
def test_the_catalog_hides_a_product_the_day_after_its_best_before_date(client, today):
    fresh = complete_jamu(name="Jamu Segar", expiry_date=today)  # good through today
    stale = complete_jamu(name="Jamu Kemarin", expiry_date=today - timedelta(days=1))
    assert list(Product.objects.published()) == [fresh]
    assert list(product_list_public()) == [fresh]
    assert (fresh.is_public, stale.is_public) == (True, False)
    assert client.get(fresh.get_absolute_url()).status_code == 200
    assert client.get(stale.get_absolute_url()).status_code == 404
    assert "Jamu Kemarin" not in client.get("/desa/sabrang/").content.decode()
    assert "Jamu Kemarin" not in client.get("/cari/?q=jamu").content.decode()


# ------------------------------------------------------------------------------------------------
# An old cart cannot order it
# ------------------------------------------------------------------------------------------------
def test_checkout_refuses_a_product_that_expired_while_in_the_cart(client, today):
    shop = configured_village("sabrang")
    jamu = complete_jamu(shop=shop, name="Jamu Kunyit Asam", stock=10, expiry_date=today + timedelta(days=2))
    masker = ProductFactory(shop=shop, category=category("masker"), name="Masker Batik", stock=5)
    client.post("/keranjang/tambah/", {"product": jamu.pk, "quantity": 2})
    client.post("/keranjang/tambah/", {"product": masker.pk, "quantity": 1})
    data = checkout_data(client)

    # it expires while the buyer fills in the form
    Product.objects.filter(pk=jamu.pk).update(expiry_date=today - timedelta(days=1))
    response = client.post("/checkout/", data)

    # the checkout shows her what changed (nothing placed) and asks her to confirm again
    assert response.status_code == 409
    assert "Jamu Kunyit Asam: sudah tidak tersedia, dihapus dari pesanan." in response.content.decode()
    assert Order.objects.count() == 0
    jamu.refresh_from_db()
    masker.refresh_from_db()
    assert (jamu.stock, masker.stock) == (10, 5)
    assert client.session["cart"] == {str(masker.pk): 1}  # the rest of her cart is kept


def test_the_cart_marks_an_expired_line_before_checkout(client, today):
    jamu = complete_jamu(stock=10)
    client.post("/keranjang/tambah/", {"product": jamu.pk, "quantity": 1})
    Product.objects.filter(pk=jamu.pk).update(expiry_date=today - timedelta(days=3))
    html = client.get("/keranjang/").content.decode()
    assert "Sudah lewat tanggal kedaluwarsa, tidak bisa dipesan." in html
    assert client.get("/checkout/").url == "/keranjang/"


# ------------------------------------------------------------------------------------------------
# The task: withdraws, reminds once
# ------------------------------------------------------------------------------------------------
def test_the_task_withdraws_expired_products_and_tells_the_maker_once(today):
    stale = complete_jamu(name="Jamu Basi", expiry_date=today - timedelta(days=1))
    fresh = complete_jamu(name="Jamu Segar", expiry_date=today + timedelta(days=90))
    draft = complete_jamu(name="Jamu Draf", expiry_date=today - timedelta(days=5), status="draft")

    assert products_check_expiry() == {"withdrawn": 1, "reminded": 0}
    assert products_check_expiry() == {"withdrawn": 0, "reminded": 0}

    statuses = dict(Product.objects.values_list("name", "status"))
    assert statuses == {"Jamu Basi": "draft", "Jamu Segar": "published", "Jamu Draf": "draft"}
    [(name, payload, key)] = permit_events()
    assert name == "Jamu Basi" and payload["reason"] == "withdrawn"
    assert key == f"product_permit:{stale.pk}:withdrawn:best_before:{stale.expiry_date.isoformat()}"
    assert payload["problems"] == [
        "Jamu ini sudah lewat tanggal kedaluwarsa, tidak bisa diterbitkan. Untuk jamu yang baru dibuat, "
        "ubah tanggal produksi dan kedaluwarsanya."
    ]
    assert Product.objects.get(pk=fresh.pk).status == "published"
    assert Product.objects.get(pk=draft.pk).status == "draft"


def test_reminders_30_and_7_days_before_best_before_each_once(today):
    jamu = complete_jamu(name="Jamu Temulawak", expiry_date=today + timedelta(days=20))

    assert check_expiry.delay().get() == {"withdrawn": 0, "reminded": 1}
    assert check_expiry.delay().get() == {"withdrawn": 0, "reminded": 0}
    # a week before: the 7-day reminder, once
    later = today + timedelta(days=14)
    assert products_check_expiry(today=later) == {"withdrawn": 0, "reminded": 1}
    assert products_check_expiry(today=later + timedelta(days=1)) == {"withdrawn": 0, "reminded": 0}

    until = jamu.expiry_date.isoformat()
    assert [(p["reason"], p["days"], key) for _, p, key in permit_events()] == [
        ("best_before", 20, f"product_permit:{jamu.pk}:best_before:30:{until}"),
        ("best_before", 6, f"product_permit:{jamu.pk}:best_before:7:{until}"),
    ]
    # a new batch with a new date is reminded again
    Product.objects.filter(pk=jamu.pk).update(expiry_date=today + timedelta(days=25))
    assert products_check_expiry() == {"withdrawn": 0, "reminded": 1}


def test_a_product_first_seen_five_days_before_gets_only_the_7_day_reminder(today):
    complete_jamu(expiry_date=today + timedelta(days=5))
    assert products_check_expiry() == {"withdrawn": 0, "reminded": 1}
    assert [key.split(":")[3] for _, _, key in permit_events()] == ["7"]


def test_pirt_reminders_in_december_and_withdrawal_on_new_year():
    # P-IRT No. 2063509010123-26 runs out on 31 December 2026
    jamu = complete_jamu(name="Jamu Sirih", pirt_number="206350901012326", expiry_date=date(2027, 6, 1))
    assert products_check_expiry(today=date(2026, 11, 15)) == {"withdrawn": 0, "reminded": 0}
    assert products_check_expiry(today=date(2026, 12, 5)) == {"withdrawn": 0, "reminded": 1}
    assert products_check_expiry(today=date(2026, 12, 6)) == {"withdrawn": 0, "reminded": 0}
    assert products_check_expiry(today=date(2026, 12, 26)) == {"withdrawn": 0, "reminded": 1}
    assert products_check_expiry(today=date(2027, 1, 1))["withdrawn"] == 1
    assert products_check_expiry(today=date(2027, 1, 2))["withdrawn"] == 0
    jamu.refresh_from_db()
    assert jamu.status == "draft"
    assert [(p["reason"], p.get("days"), p.get("until")) for _, p, _ in permit_events()] == [
        ("pirt", 26, "2026-12-31"),
        ("pirt", 5, "2026-12-31"),
        ("withdrawn", None, "2026-12-31"),
    ]


def test_a_jamu_with_a_valid_bpom_number_is_not_withdrawn_for_its_old_pirt():
    complete_jamu(pirt_number="206350901012326", bpom_number="MD 224510107115", expiry_date=date(2027, 6, 1))
    counts = products_check_expiry(today=date(2027, 1, 1))
    # an expired P-IRT is still a wrong number on the listing: it goes back to draft to be fixed
    assert counts["withdrawn"] == 1


def test_the_reminder_reaches_the_ketua_when_the_maker_has_no_account(today):
    shop = village("wonoasri")
    ketua = MemberFactory(
        shop=shop, user=UserFactory(), role=MemberProfile.Role.KETUA, display_name="Bu Ketua"
    )
    maker = MemberFactory(shop=shop, user=None, display_name="Mbok Sri")
    jamu = complete_jamu(shop=shop, made_by=maker, name="Jamu Kunir", expiry_date=today + timedelta(days=6))
    products_check_expiry()
    event = Event.objects.get(kind=ProductKind.PERMIT)
    assert event.subject_id == jamu.pk
    assert [(r.key, r.audience) for r in product_recipients(jamu)] == [
        (f"member:{maker.pk}", "member"),
        (f"user:{ketua.user_id}", "village"),
    ]


# ------------------------------------------------------------------------------------------------
# Staff: what expires this month
# ------------------------------------------------------------------------------------------------
def test_expiring_in_month_has_best_before_dates_and_december_pirts():
    a = complete_jamu(name="Habis Desember", expiry_date=date(2026, 12, 20))
    complete_jamu(name="Habis Januari", expiry_date=date(2027, 1, 3))
    b = complete_jamu(name="P-IRT 2026", pirt_number="206350901012326", expiry_date=date(2027, 5, 1))
    assert set(Product.objects.expiring_in_month(2026, 12)) == {a, b}
    assert set(Product.objects.expiring_in_month(2026, 11)) == set()


def test_staff_filter_lists_what_expires_this_month(client, today):
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(*Permission.objects.filter(codename__in=["view_product", "change_product"]))
    client.force_login(staff)
    complete_jamu(name="Jamu Habis Bulan Ini", expiry_date=today)
    complete_jamu(name="Jamu Masih Lama", expiry_date=today + timedelta(days=200))
    html = client.get("/admin/products/product/?kedaluwarsa=bulan_ini").content.decode()
    assert "Jamu Habis Bulan Ini" in html and "Jamu Masih Lama" not in html


# ------------------------------------------------------------------------------------------------
# Listings from before the rules
# ------------------------------------------------------------------------------------------------
def test_check_permits_reports_then_withdraws_invalid_listings_and_tells_the_maker_once(capsys):
    ok = complete_jamu(name="Jamu Lengkap", bpom_number="POM TR123456789")  # stored the old way
    junk = complete_jamu(name="Jamu Izin Asal", pirt_number="123456789012345", halal_number="x")
    mask = ProductFactory(category=category("masker"), name="Masker Kain", kemenkes_permit="x")
    medical = ProductFactory(category=category("masker"), name="Masker Medis", kemenkes_permit="izin ada")

    call_command("check_permits")
    report = capsys.readouterr().out
    assert "Jamu Izin Asal" in report and "TIDAK SAH '123456789012345'" in report
    assert "akan ditulis 'TR 123456789'" in report
    assert "4 produk perlu perhatian; 0 ditarik dari katalog. (Hanya laporan" in report
    assert set(Product.objects.values_list("status", flat=True)) == {"published"}  # a report changes nothing
    assert Event.objects.count() == 0

    call_command("check_permits", "--apply")
    call_command("check_permits", "--apply")
    statuses = dict(Product.objects.values_list("name", "status"))
    assert statuses == {
        "Jamu Lengkap": "published",
        "Jamu Izin Asal": "draft",
        "Masker Kain": "draft",  # "x" is no number: she is asked to fix or clear it
        "Masker Medis": "draft",
    }
    ok.refresh_from_db()
    junk.refresh_from_db()
    assert ok.bpom_number == "TR 123456789"
    assert (junk.pirt_number, junk.halal_number) == ("123456789012345", "x")  # kept for her to correct
    events = permit_events()
    assert sorted(name for name, _, _ in events) == ["Jamu Izin Asal", "Masker Kain", "Masker Medis"]
    [jamu_payload] = [payload for name, payload, _ in events if name == "Jamu Izin Asal"]
    assert jamu_payload["reason"] == "invalid"
    assert any("kode kabupaten" in problem for problem in jamu_payload["problems"])
    assert any(VALID_HALAL in problem for problem in jamu_payload["problems"])
    invalid = set(Event.objects.filter(key__contains=":invalid:").values_list("subject_id", flat=True))
    assert {mask.pk, medical.pk} == invalid & set(
        Product.objects.filter(category__kind="masker").values_list("pk", flat=True)
    )
