"""On a 360 px phone: the ketua records a payout to a member; the member sees her income and confirms."""

import pytest
from playwright.sync_api import expect

from ledger.models import KasRate, Payout
from orders.models import Order
from orders.services import Actor, order_transition
from tests.browser import fits_the_phone, phone_tab
from tests.factories import MemberFactory, ProductFactory, UserFactory, category, jpeg_bytes
from tests.orders.helpers import place

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.fixture
def siti(sabrang_ketua):
    siti = MemberFactory(
        user=UserFactory(email="siti@contoh.test"), shop=sabrang_ketua.shop, display_name="Siti Aminah"
    )
    kunyit = ProductFactory(
        shop=siti.shop,
        made_by=siti,
        name="Jamu Kunyit Asam",
        price=12500,
        stock=10,
        category=category("jamu"),
    )
    order = place({kunyit: 4}).orders.get()
    order_transition(order=order, to=Order.Status.PAID, actor=Actor("village", "Bu Sulastri"))
    return siti


def test_ketua_records_a_payout_and_the_member_confirms_it(
    browser, live_server, sabrang_ketua, siti, axe_check, screenshot_dir, tmp_path
):
    slip = tmp_path / "slip.jpg"
    slip.write_bytes(jpeg_bytes(600, 800))

    # the ketua: Siti is owed Rp50.000; she records Rp30.000 paid in cash, with the signed slip
    context, tab = phone_tab(browser, live_server, sabrang_ketua.user)
    tab.goto("/dasbor/produk/")
    tab.get_by_role("navigation", name="Menu dasbor").get_by_role("link", name="Pembayaran anggota").click()
    expect(tab.get_by_role("heading", name="Pembayaran anggota", exact=True)).to_be_visible()
    expect(tab.locator("#h-balances + .row-list li", has_text="Siti Aminah")).to_contain_text("Rp50.000")
    fits_the_phone(tab)
    axe_check(tab, "payout desk")
    tab.get_by_label("Anggota", exact=True).select_option(label="Siti Aminah")
    tab.get_by_label("Jumlah (Rp)").fill("30.000")
    tab.get_by_label("Tunai").check()
    tab.get_by_label("Foto slip yang ditandatangani (tidak wajib)").set_input_files(str(slip))
    tab.get_by_role("button", name="Catat pembayaran").click()
    expect(tab.get_by_text("Pembayaran Rp30.000 untuk Siti Aminah dicatat.")).to_be_visible()
    expect(tab.locator("#h-balances + .row-list li", has_text="Siti Aminah")).to_contain_text("Rp20.000")
    expect(tab.locator("#h-recent + .row-list li").first).to_contain_text("Belum dikonfirmasi")
    fits_the_phone(tab)
    tab.screenshot(path=screenshot_dir / "payouts-ketua-360.png", full_page=True)
    assert tab.errors == []
    context.close()

    # the member: her income, what is owed, the payout; she confirms she received it
    context, tab = phone_tab(browser, live_server, siti.user)
    tab.goto("/dasbor/produk/")
    tab.get_by_role("navigation", name="Menu dasbor").get_by_role("link", name="Penghasilan").click()
    expect(tab.get_by_role("heading", name="Penghasilan saya")).to_be_visible()
    facts = tab.locator("dl.facts")
    expect(facts).to_contain_text("Bulan ini")
    expect(facts).to_contain_text("Rp50.000")
    expect(facts).to_contain_text("Rp20.000")
    expect(tab.locator("#h-products + .row-list")).to_contain_text("Jamu Kunyit Asam")
    fits_the_phone(tab)
    axe_check(tab, "income page")
    tab.get_by_role("button", name="Saya sudah menerima Rp30.000").click()
    expect(tab.get_by_text("Terima kasih. Anda mengonfirmasi menerima Rp30.000.")).to_be_visible()
    expect(tab.locator("#h-payouts + .row-list li").first).to_contain_text("Sudah dikonfirmasi")
    expect(tab.get_by_role("button", name="Saya sudah menerima Rp30.000")).to_have_count(0)
    tab.screenshot(path=screenshot_dir / "income-member-360.png", full_page=True)
    assert tab.errors == []
    context.close()
    assert Payout.objects.get().confirmed_at is not None


def test_ketua_sets_the_village_kas_and_prints_a_members_statement(
    browser, live_server, sabrang_ketua, siti, axe_check, screenshot_dir
):
    context, tab = phone_tab(browser, live_server, sabrang_ketua.user)
    tab.goto("/dasbor/produk/")
    tab.get_by_role("navigation", name="Menu dasbor").get_by_role("link", name="Pembayaran anggota").click()

    # a typo: 150 %; the page says why and keeps what she typed
    percent = tab.get_by_label("Persen kas desa dari setiap penjualan")
    percent.fill("150")
    tab.get_by_role("button", name="Simpan persen kas").click()
    expect(tab.get_by_text("Paling besar 100.")).to_be_visible()
    expect(tab.get_by_label("Persen kas desa dari setiap penjualan")).to_have_value("150")
    axe_check(tab, "kas form with its error")

    # then 10 %: saved, and the history says since when and who set it
    tab.get_by_label("Persen kas desa dari setiap penjualan").fill("10")
    tab.get_by_role("button", name="Simpan persen kas").click()
    expect(tab.get_by_text("Kas desa sekarang 10% dari setiap penjualan berikutnya.")).to_be_visible()
    expect(tab.locator("fieldset", has_text="Kas desa").locator(".help").last).to_contain_text("10% sejak")
    fits_the_phone(tab)

    # Siti has no account to look at: the ketua opens her statement to print
    tab.get_by_role("link", name="Rincian untuk dicetak Siti Aminah").click()
    expect(tab.get_by_role("heading", name="RINCIAN PENGHASILAN")).to_be_visible()
    expect(tab.get_by_text("Siti Aminah").first).to_be_visible()
    expect(tab.locator("body")).to_contain_text("Rp50.000")
    fits_the_phone(tab)
    axe_check(tab, "member statement")
    tab.screenshot(path=screenshot_dir / "statement-360.png", full_page=True)
    # the refusal of 150 % answers 400, as a form error should; nothing else went wrong
    assert sorted(tab.errors) == [
        "Failed to load resource: the server responded with a status of 400 (Bad Request)",
        f"HTTP 400 {live_server.url}/dasbor/pembayaran-anggota/kas/",
    ]
    context.close()
    assert KasRate.objects.filter(shop=sabrang_ketua.shop).latest("set_at").percent == 10
