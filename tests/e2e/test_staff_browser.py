"""Migrant CARE staff on a 360 px phone (and a laptop): sign in through /admin/, a report, moderation."""

import csv
import io
import re
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import expect

from ledger.models import Entry
from members.models import MemberProfile
from orders.models import Order
from orders.services import Actor, ShopChoice, order_place, order_transition
from products.models import Product
from staff.permissions import staff_group_ensure
from tests.browser import recording_tab
from tests.conftest import PHONE
from tests.factories import PASSWORD, ProductFactory, UserFactory, category, member_with_account, verified
from tests.orders.helpers import BUYER, configured_village

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

STAFF_EMAIL = "staf@migrantcare.test"
LAPTOP = {"width": 1280, "height": 800}
# Runs before any script of the page: every Content-Security-Policy violation is kept.
RECORD_CSP = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(e.violatedDirective), true);
"""


@pytest.fixture
def market():
    """Three villages with sales this year (in three months), a member's product, a staff user."""
    staff = verified(UserFactory(email=STAFF_EMAIL, is_staff=True))
    staff.groups.add(staff_group_ensure())  # the migration's group is gone after a flush
    now = timezone.localtime()
    village = Actor("village", "Bu Ketua")
    for i, slug in enumerate(("sabrang", "wonoasri", "ambulu")):
        shop = configured_village(slug)
        product = ProductFactory(shop=shop, price=12500 * (i + 1), stock=100, category=category("jamu"))
        for month in (1, 2, 3):
            checkout = order_place(
                token=uuid.uuid4().hex,
                lines={product.pk: month + i},
                buyer=BUYER,
                choices={shop.pk: ShopChoice(Order.Delivery.LOCAL, Order.Payment.TRANSFER)},
            )
            order = order_transition(order=checkout.orders.get(), to=Order.Status.PAID, actor=village)
            counted = now.replace(month=month, day=10)
            Order.objects.filter(pk=order.pk).update(counted_at=counted)
            # the reports sum the ledger: its entries of the order move with it
            Entry.objects.filter(order=order).update(booked_at=counted, month=counted.date().replace(day=1))
    member = member_with_account(shop="sabrang", display_name="Bu Sri")
    masker = ProductFactory(
        shop=member.shop, made_by=member, name="Masker Medis Batik", category=category("masker")
    )
    return {"staff": staff, "member": member, "masker": masker}


def new_tab(browser, live_server, viewport):
    context = browser.new_context(
        viewport=viewport, base_url=live_server.url, locale="id-ID", accept_downloads=True
    )
    context.set_default_timeout(15_000)
    context.add_init_script(RECORD_CSP)
    return context, recording_tab(context)


def sign_in_through_the_admin(tab):
    tab.goto("/admin/")
    expect(tab).to_have_url(re.compile(r"/akun/login/\?next=%2Fadmin%2F$"))
    tab.get_by_label(re.compile("email", re.IGNORECASE)).fill(STAFF_EMAIL)
    tab.get_by_label(re.compile("sandi", re.IGNORECASE)).first.fill(PASSWORD)
    tab.get_by_role("button", name=re.compile("Masuk")).click()
    expect(tab).to_have_url(re.compile(r"/admin/$"))


def axe_on(tab, selector, name):
    """axe-core on our own content only: Django's admin markup around it is Django's to fix."""
    results = Axe().run(tab, context=selector)
    serious = [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]
    assert serious == [], (
        f"axe on {name}: {[(v['id'], [n['target'] for n in v['nodes']][:3]) for v in serious]}"
    )


def test_staff_sign_in_through_admin_and_read_the_sales_report_on_a_phone(
    browser, live_server, market, screenshot_dir
):
    context, tab = new_tab(browser, live_server, PHONE)
    sign_in_through_the_admin(tab)
    tab.screenshot(path=screenshot_dir / "staff-admin-home-360.png", full_page=True)
    expect(tab.get_by_text("aktifkan verifikasi dua langkah", exact=False)).to_be_visible()

    tab.get_by_role("link", name="Penjualan per desa per bulan").first.click()
    expect(tab).to_have_url(re.compile(r"/admin/laporan/$"))
    expect(tab.get_by_role("heading", name="Penjualan per desa")).to_be_visible()
    chart = tab.get_by_role("img", name="Pendapatan produk per bulan, per desa")
    expect(chart).to_be_visible()
    box = chart.bounding_box()
    assert 300 <= box["width"] <= 360, box
    # the chart's text is readable on the phone: about 12 px, not shrunk away
    font = tab.locator("svg.report-chart text").first.evaluate("t => t.getBoundingClientRect().height")
    assert font >= 10, font
    january = 12500 * 1 + 25000 * 2 + 37500 * 3  # each village's January sale
    expect(tab.locator("svg.report-chart")).to_contain_text(f"Rp{january:,}".replace(",", "."))
    assert tab.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert tab.evaluate("window.__csp") == []
    axe_on(tab, "#content-main", "the sales report")
    tab.screenshot(path=screenshot_dir / "staff-report-360.png", full_page=True)

    # the CSV, as a spreadsheet receives it
    with tab.expect_download() as download:
        tab.get_by_role("link", name=re.compile("Unduh CSV")).click()
    raw = Path(download.value.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][0] == "Bulan" and len(rows) == 1 + 9
    assert sum(int(row[4]) for row in rows[1:]) == sum(
        12500 * (i + 1) * (month + i) for i in range(3) for month in (1, 2, 3)
    )

    # the other reports, from the report's own menu
    for name, heading in (
        ("Pendapatan anggota", "Pendapatan anggota"),
        ("Produk terlaris", "Produk terlaris"),
        ("Anggota aktif", "Anggota aktif"),
    ):
        tab.get_by_role("navigation", name="Laporan").get_by_role("link", name=name).click()
        expect(tab.get_by_role("heading", name=heading)).to_be_visible()
        expect(tab.locator("table.report-table tbody tr").first).to_be_visible()
        axe_on(tab, "#content-main", name)
    assert tab.evaluate("window.__csp") == []

    # two-factor sign-in, offered on the admin's home: allauth's pages in the site's own layout
    tab.goto("/admin/")
    tab.get_by_role("link", name="Aktifkan sekarang").click()
    expect(tab).to_have_url(re.compile(r"/akun/2fa/$"))
    expect(tab.locator("a.brand")).to_be_visible()
    axe_on(tab, "main", "two-factor overview")
    tab.goto("/akun/2fa/totp/activate/")
    expect(tab).to_have_url(re.compile(r"/akun/reauthenticate/"))  # her password again first
    tab.get_by_label(re.compile("sandi", re.IGNORECASE)).first.fill(PASSWORD)
    tab.get_by_role("button", name=re.compile("Konfirmasi|Masuk", re.IGNORECASE)).click()
    expect(tab).to_have_url(re.compile(r"/akun/2fa/totp/activate/$"))
    qr = tab.locator("main img[src^='data:image/svg+xml']")
    expect(qr).to_be_visible()
    assert qr.bounding_box()["width"] <= PHONE["width"]
    assert tab.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    axe_on(tab, "main", "two-factor activation")
    tab.screenshot(path=screenshot_dir / "staff-totp-activate-360.png", full_page=True)
    assert tab.evaluate("window.__csp") == []
    assert tab.errors == []
    context.close()


def test_staff_hide_a_listing_with_a_reason_on_a_laptop_and_the_report_reads_well_wide(
    browser, live_server, market, screenshot_dir
):
    masker = market["masker"]
    context, tab = new_tab(browser, live_server, LAPTOP)
    sign_in_through_the_admin(tab)

    tab.goto("/admin/products/product/?izin=klaim_medis")
    row = tab.locator("#result_list tbody tr", has_text="Masker Medis Batik")
    expect(row).to_have_count(1)
    row.locator("input.action-select").check()
    tab.locator("select[name=action]").select_option("hide_products")
    tab.locator("button[name=index]").click()  # the admin's "run the action" button
    expect(tab.get_by_role("heading", name="Sembunyikan produk dari katalog")).to_be_visible()
    axe_on(tab, "#content-main", "the reason's page")
    tab.get_by_label("Alasan (dibaca anggota)").fill("Masker kain tanpa izin edar tidak boleh disebut medis.")
    tab.screenshot(path=screenshot_dir / "staff-hide-reason-1280.png", full_page=True)
    tab.get_by_role("button", name="Sembunyikan").click()
    expect(tab.get_by_text("1 produk disembunyikan", exact=False)).to_be_visible()
    assert Product.objects.get(pk=masker.pk).hidden_by_staff_at is not None
    assert MemberProfile.objects.get(pk=market["member"].pk).status == MemberProfile.Status.APPROVED

    # the product's history: who hid it, when, and each field before → after
    tab.goto(f"/admin/products/product/{masker.pk}/change/")
    tab.get_by_role("link", name="Riwayat").click()
    expect(tab.get_by_role("heading", name=re.compile("Riwayat"))).to_be_visible()
    history = tab.locator("#change-history")
    expect(history).to_contain_text(STAFF_EMAIL)
    expect(history).to_contain_text("Alasan disembunyikan")
    expect(history).to_contain_text("Masker kain tanpa izin edar tidak boleh disebut medis.")
    axe_on(tab, "#content-main", "the audit history")
    tab.screenshot(path=screenshot_dir / "staff-history-1280.png", full_page=True)

    tab.goto(
        f"/admin/laporan/?dari={timezone.localdate().year}-01-01&sampai={timezone.localdate().year}-03-31"
    )
    expect(tab.get_by_role("img", name="Pendapatan produk per bulan, per desa")).to_be_visible()
    assert tab.locator("svg.report-chart").bounding_box()["width"] <= 520
    tab.screenshot(path=screenshot_dir / "staff-report-1280.png", full_page=True)
    assert tab.evaluate("window.__csp") == []
    assert tab.errors == []
    context.close()

    # the member's dashboard, on her phone, says why
    member_context, her = new_tab(browser, live_server, PHONE)
    her.goto("/akun/login/")
    her.get_by_label(re.compile("email", re.IGNORECASE)).fill(market["member"].user.email)
    her.get_by_label(re.compile("sandi", re.IGNORECASE)).first.fill(PASSWORD)
    her.get_by_role("button", name=re.compile("Masuk")).click()
    her.goto("/dasbor/produk/")
    notice = her.get_by_role("note")
    expect(notice).to_contain_text("Disembunyikan oleh Migrant CARE")
    expect(notice).to_contain_text("Masker kain tanpa izin edar tidak boleh disebut medis.")
    axe_results = Axe().run(her)
    serious = [
        v["id"] for v in axe_results.response["violations"] if v.get("impact") in ("serious", "critical")
    ]
    assert serious == []
    her.screenshot(path=screenshot_dir / "member-product-hidden-360.png", full_page=True)
    assert her.errors == []
    member_context.close()
    assert timezone.now() - Product.objects.get(pk=masker.pk).hidden_by_staff_at < timedelta(minutes=5)
