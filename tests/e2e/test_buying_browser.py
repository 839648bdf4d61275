"""A buyer on her phone orders from two villages; Sabrang's order handler fulfils hers."""

import re

import pytest
from playwright.sync_api import expect

from orders.models import Order
from tests.browser import choose, confirm_pack_and_ship, fill_buyer, fits_the_phone, phone_tab
from tests.factories import MemberFactory, UserFactory, add_photo, category, jpeg_bytes
from tests.orders.helpers import configured_village, product

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.fixture
def market():
    sabrang = configured_village("sabrang", offers_courier=True)
    wonoasri = configured_village("wonoasri", offers_courier=False, accepts_transfer=False)
    kunyit = product(sabrang, name="Jamu Kunyit Asam", price=12500, stock=10, category=category("jamu"))
    masker = product(wonoasri, name="Masker Kain Batik", price=8000, stock=30, category=category("masker"))
    add_photo(kunyit)
    add_photo(masker)
    handler = MemberFactory(
        user=UserFactory(email="pengurus.sabrang@contoh.test"),
        shop=sabrang,
        display_name="Bu Sri",
        handles_orders=True,
    )
    return {"kunyit": kunyit, "masker": masker, "handler": handler, "sabrang": sabrang}


def test_buyer_orders_from_two_villages_and_sabrang_fulfils(
    browser, live_server, market, axe_check, screenshot_dir, tmp_path
):
    buyer_ctx, page = phone_tab(browser, live_server)

    # kunyit asam from Sabrang, two of them
    page.goto(market["kunyit"].get_absolute_url())
    page.get_by_label("Jumlah").fill("2")
    page.get_by_role("button", name="Tambah ke keranjang").click()
    expect(page.get_by_text("Jamu Kunyit Asam masuk keranjang.")).to_be_visible()
    # cloth masks from Wonoasri
    page.goto(market["masker"].get_absolute_url())
    page.get_by_label("Jumlah").fill("3")
    page.get_by_role("button", name="Tambah ke keranjang").click()

    expect(page.get_by_role("heading", name="Dari Desa Sabrang")).to_be_visible()
    expect(page.get_by_role("heading", name="Dari Desa Wonoasri")).to_be_visible()
    expect(page.locator(".total")).to_contain_text("Rp49.000")
    fits_the_phone(page)
    axe_check(page, "cart")
    page.screenshot(path=screenshot_dir / "cart-360.png", full_page=True)
    page.get_by_role("link", name="Lanjut ke pembayaran").click()

    # checkout as a guest
    fill_buyer(page, email="rina@contoh.test")
    choose(page, "Sabrang", "Kurir", "Transfer bank")
    choose(page, "Wonoasri", "Antar lokal", "Bayar di tempat")
    fits_the_phone(page)
    axe_check(page, "checkout")
    page.screenshot(path=screenshot_dir / "checkout-360.png", full_page=True)
    page.get_by_role("button", name="Buat pesanan").click()

    # one confirmation, two orders
    expect(page.get_by_role("heading", name="Terima kasih, pesanan Anda sudah dibuat")).to_be_visible()
    sabrang_order = Order.objects.get(shop__slug="sabrang")
    wonoasri_order = Order.objects.get(shop__slug="wonoasri")
    assert sabrang_order.total == 25000 + 10000 + sabrang_order.unique_code
    assert (wonoasri_order.total, wonoasri_order.status) == (24000 + 5000, Order.Status.PROCESSING)
    expect(page.get_by_role("heading", name=f"{sabrang_order.number} · Desa Sabrang")).to_be_visible()
    expect(page.get_by_role("heading", name=f"{wonoasri_order.number} · Desa Wonoasri")).to_be_visible()
    amount = f"Rp{sabrang_order.total:,}".replace(",", ".")
    expect(page.locator(".pay__amount")).to_have_text(amount)
    expect(page.get_by_text("0123-01-000123-50-1")).to_be_visible()
    expect(page.get_by_text("Bayar Rp29.000 saat pesanan diantar.")).to_be_visible()
    fits_the_phone(page)
    axe_check(page, "confirmation")
    page.screenshot(path=screenshot_dir / "confirmation-360.png", full_page=True)

    # she sends a photo of her transfer receipt
    page.get_by_role("link", name="Kirim bukti transfer").click()
    receipt = tmp_path / "bukti.jpg"
    receipt.write_bytes(jpeg_bytes(800, 1200))
    page.get_by_label("Foto bukti transfer").set_input_files(str(receipt))
    page.get_by_role("button", name="Kirim bukti transfer").click()
    expect(page.get_by_text("Bukti transfer terkirim. Desa akan memeriksanya.")).to_be_visible()
    order_url = page.url
    axe_check(page, "order page")

    # Sabrang's order handler, on her own phone
    village_ctx, desk = phone_tab(browser, live_server, market["handler"].user)
    desk.goto("/dasbor/pesanan/")
    desk.get_by_role("link", name=re.compile(sabrang_order.number)).click()
    expect(desk.get_by_role("img", name=re.compile("[Bb]ukti transfer"))).to_be_visible()
    confirm_pack_and_ship(desk)
    expect(desk.locator(".status").first).to_have_text("Dikirim")
    fits_the_phone(desk)
    # another village's order is not hers
    assert desk.goto(f"/dasbor/pesanan/{wonoasri_order.pk}/").status == 404
    village_ctx.close()

    # the buyer follows it and confirms it arrived
    page.goto(order_url)
    expect(page.get_by_text("JNE0123456789")).to_be_visible()
    history = page.get_by_role("list").filter(has_text="Dibayar")
    expect(history).to_contain_text("Bu Sri")
    page.get_by_role("button", name="Pesanan diterima").click()
    expect(page.get_by_text("Terima kasih! Pesanan selesai.")).to_be_visible()
    sabrang_order.refresh_from_db()
    assert sabrang_order.status == Order.Status.COMPLETED
    page.screenshot(path=screenshot_dir / "order-360.png", full_page=True)
    buyer_ctx.close()
