"""The ketua of Sabrang works an order on her phone: confirm the transfer, pack, ship with a resi."""

import re
from dataclasses import replace

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import expect

from orders.models import Order
from orders.services import order_upload_receipt
from shops.models import Shop
from tests.browser import fits_the_phone, loaded_image_width, phone_tab
from tests.factories import MemberFactory, ProductFactory, category, jpeg_bytes
from tests.orders.helpers import BUYER, place

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


# phone_tab comes from tests/browser.py


def expected_400(tab, path):
    """A refused form answers 400 (the browser logs it twice): that one is expected, nothing else."""
    assert tab.url.endswith(path)
    assert sorted(tab.errors) == [
        "Failed to load resource: the server responded with a status of 400 (Bad Request)",
        f"HTTP 400 {tab.url}",
    ]
    tab.errors.clear()


@pytest.fixture
def transfer_order(sabrang_ketua):
    shop = sabrang_ketua.shop
    maker = MemberFactory(shop=shop, display_name="Siti Aminah")
    kunyit = ProductFactory(
        shop=shop, made_by=maker, name="Jamu Kunyit Asam", price=12500, stock=10, category=category("jamu")
    )
    checkout = place(
        {kunyit: 3}, buyer=replace(BUYER, email="", address_city="Surabaya", address_postcode="60111")
    )
    order = checkout.orders.get()
    order_upload_receipt(order=order, uploaded=ContentFile(jpeg_bytes(600, 900), name="bukti.jpg"))
    return Order.objects.get(pk=order.pk)


def test_ketua_confirms_packs_and_ships_an_order_on_her_phone(
    browser, live_server, sabrang_ketua, transfer_order, axe_check, screenshot_dir
):
    order = transfer_order
    total = f"Rp{order.total:,}".replace(",", ".")
    context, tab = phone_tab(browser, live_server, sabrang_ketua.user)

    # the order desk: the transfer with its receipt waits in "Perlu tindakan"
    tab.goto("/dasbor/pesanan/")
    expect(tab.get_by_role("heading", name="Pesanan Desa Sabrang")).to_be_visible()
    expect(tab.get_by_role("link", name=re.compile(r"^Perlu tindakan \(1\)"))).to_have_attribute(
        "aria-current", "page"
    )
    row = tab.locator(".order-row", has_text=order.number)
    expect(row).to_contain_text("Bu Rina · 3 barang · " + total)
    expect(row).to_contain_text("Bukti transfer masuk")
    fits_the_phone(tab)
    axe_check(tab, "order desk")
    tab.screenshot(path=screenshot_dir / "village-orders-list-360.png", full_page=True)

    # the order: receipt, totals, items; only the steps the rules allow
    row.get_by_role("link", name=order.number).click()
    expect(tab.get_by_role("heading", name=f"Pesanan {order.number}")).to_be_visible()
    expect(tab.get_by_role("img", name=f"Bukti transfer pesanan {order.number}")).to_be_visible()
    assert loaded_image_width(tab.get_by_role("img", name=f"Bukti transfer pesanan {order.number}")) > 0
    expect(tab.get_by_text("3 × Jamu Kunyit Asam")).to_be_visible()
    expect(tab.get_by_text("Dibuat oleh Siti Aminah")).to_be_visible()
    expect(tab.get_by_role("link", name="Chat pembeli lewat WhatsApp")).to_have_attribute(
        "href", re.compile(rf"^https://wa\.me/6281234567890\?text=.*{order.number}")
    )
    expect(tab.get_by_role("button", name="Kirim pesanan")).to_have_count(0)
    expect(tab.get_by_role("button", name="Sudah dikemas")).to_have_count(0)
    fits_the_phone(tab)
    axe_check(tab, "order detail, awaiting payment")
    tab.screenshot(path=screenshot_dir / "village-order-detail-360.png", full_page=True)

    tab.get_by_role("button", name="Konfirmasi pembayaran").click()
    expect(tab.get_by_text(f"Pembayaran pesanan {order.number} dikonfirmasi.")).to_be_visible()
    expect(tab.locator("#order-status")).to_have_text("Dibayar")

    tab.get_by_role("button", name="Sudah dikemas").click()
    expect(tab.get_by_text(f"Pesanan {order.number} ditandai Dikemas.")).to_be_visible()
    expect(tab.locator("#order-status")).to_have_text("Dikemas")

    # shipping without the resi is refused beside the field, the courier she typed is kept
    tab.get_by_label("Nama kurir").fill("JNE")
    tab.get_by_role("button", name="Kirim pesanan").click()
    expect(tab.get_by_text("Tulis nomor resi dari kurir.")).to_be_visible()
    expect(tab.get_by_label("Nama kurir")).to_have_value("JNE")
    expect(tab.locator("#order-status")).to_have_text("Dikemas")
    fits_the_phone(tab)
    axe_check(tab, "ship form with an error")
    expected_400(tab, f"/dasbor/pesanan/{order.pk}/kirim/")

    tab.get_by_label("Nomor resi").fill("jp 1234 5678 90")
    tab.get_by_role("button", name="Kirim pesanan").click()
    expect(tab.get_by_text(f"Pesanan {order.number} ditandai Dikirim.")).to_be_visible()
    expect(tab.locator("#order-status")).to_have_text("Dikirim")
    expect(tab.get_by_text("Dikirim lewat JNE, nomor resi JP1234567890.")).to_be_visible()
    history = tab.locator(".history li")
    expect(history).to_have_count(4)
    expect(history.nth(1)).to_contain_text("Belum Bayar → Dibayar · Bu Sulastri")
    expect(history.nth(2)).to_contain_text("Dibayar → Dikemas · Bu Sulastri")
    expect(history.nth(3)).to_contain_text("Dikemas → Dikirim · Bu Sulastri")
    # nothing left for the village: the buyer confirms arrival
    expect(tab.get_by_role("heading", name="Langkah berikutnya")).to_have_count(0)
    fits_the_phone(tab)
    axe_check(tab, "order detail, shipped")
    tab.screenshot(path=screenshot_dir / "village-order-shipped-360.png", full_page=True)

    order.refresh_from_db()
    assert (order.status, order.courier_name, order.tracking_number) == ("shipped", "JNE", "JP1234567890")
    assert list(order.history.values_list("to_status", "by_label")) == [
        ("awaiting_payment", "Pembeli"),
        ("paid", "Bu Sulastri"),
        ("packed", "Bu Sulastri"),
        ("shipped", "Bu Sulastri"),
    ]
    context.close()
    assert tab.errors == []


def test_ketua_sets_her_village_options_and_qris_on_her_phone(
    browser, live_server, sabrang_ketua, tmp_path, axe_check, screenshot_dir
):
    qris = tmp_path / "qris.png"
    qris.write_bytes(jpeg_bytes(500, 500))
    context, tab = phone_tab(browser, live_server, sabrang_ketua.user)
    tab.goto("/dasbor/desa/")
    expect(tab.get_by_role("heading", name="Pengaturan Desa Sabrang")).to_be_visible()
    fits_the_phone(tab)
    axe_check(tab, "village settings")

    # transfer without an account holder: refused, what she typed stays
    tab.get_by_label("Atas nama").fill("")
    tab.get_by_label("Ongkir ke Jawa Timur lainnya (Rp)").fill("Rp 20.000")
    tab.get_by_role("button", name="Simpan pengaturan").click()
    expect(tab.get_by_text("Tulis nama pemilik rekening (atas nama).")).to_be_visible()
    expect(tab.get_by_label("Ongkir ke Jawa Timur lainnya (Rp)")).to_have_value("Rp 20.000")
    fits_the_phone(tab)
    axe_check(tab, "village settings with an error")
    expected_400(tab, "/dasbor/desa/")

    tab.get_by_label("Atas nama").fill("Kelompok Desbumi Sabrang")
    tab.get_by_label("Terima QRIS").check()
    tab.get_by_label("Gambar QRIS desa").set_input_files(str(qris))
    tab.get_by_label("Nomor WhatsApp desa").fill("0812 3456 7890")
    tab.get_by_role("button", name="Simpan pengaturan").click()
    expect(tab.get_by_text("Pengaturan Desa Sabrang disimpan.")).to_be_visible()
    expect(tab.get_by_role("img", name="Gambar QRIS desa yang dipakai sekarang")).to_be_visible()
    fits_the_phone(tab)
    tab.screenshot(path=screenshot_dir / "village-settings-360.png", full_page=True)

    shop = Shop.objects.get(slug="sabrang")
    assert (shop.courier_fee_jatim, shop.accepts_qris, shop.whatsapp) == (20000, True, "+6281234567890")
    assert shop.qris_image.name.startswith("qris/")
    context.close()
    assert tab.errors == []
