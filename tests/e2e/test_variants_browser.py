"""Sizes on a 360 px phone (issue #16): a member lists an APD gown in S, M and L; a buyer buys L."""

import re

import pytest
from playwright.sync_api import expect

from orders.models import Order
from products.models import Product
from tests.browser import choose, confirm_pack_and_ship, fill_buyer, fits_the_phone, phone_tab
from tests.factories import MemberFactory, UserFactory, category, jpeg_bytes
from tests.orders.helpers import configured_village

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.fixture
def sabrang():
    shop = configured_village("sabrang")
    category("apd"), category("jamu")
    siti = MemberFactory(user=UserFactory(email="siti@contoh.test"), shop=shop, display_name="Siti Aminah")
    handler = MemberFactory(
        user=UserFactory(email="pengurus.sabrang@contoh.test"),
        shop=shop,
        display_name="Bu Sri",
        handles_orders=True,
    )
    return {"shop": shop, "siti": siti, "handler": handler}


def _size(tab, row: int, label: str, price: str, stock: str) -> None:
    tab.locator(f'[name="ukuran-{row}-option1"]').fill(label)
    tab.locator(f'[name="ukuran-{row}-price"]').fill(price)
    tab.locator(f'[name="ukuran-{row}-stock"]').fill(stock)


def test_a_member_lists_a_gown_in_three_sizes_and_a_buyer_buys_an_l(
    browser, live_server, sabrang, axe_check, screenshot_dir, tmp_path
):
    # Given Siti on her phone, on the "Jual produk" form
    member_ctx, tab = phone_tab(browser, live_server, sabrang["siti"].user)
    tab.goto("/dasbor/produk/baru/")
    photo = tmp_path / "gaun.jpg"
    photo.write_bytes(jpeg_bytes(900, 1200))
    tab.get_by_label("Foto produk").set_input_files(str(photo))
    expect(tab.locator("#photo-list li.photo")).to_have_count(1, timeout=30_000)
    expect(tab.locator("#upload-text")).to_have_text("Foto terkirim.")
    tab.get_by_label("Nama produk").fill("Gaun APD Spunbond")
    tab.get_by_label("Kategori").select_option(label="APD")
    tab.get_by_label("Bahan").fill("Spunbond 75 gsm")

    # When she presses "Tambah ukuran" three times, filling S, M and L with their own stock
    tab.get_by_role("button", name="Tambah ukuran").click()
    expect(tab.locator('[name="ukuran-0-option1"]')).to_be_visible()
    expect(tab.get_by_label("Nama produk")).to_have_value("Gaun APD Spunbond")
    expect(tab.locator("#photo-list li.photo")).to_have_count(1)
    expect(tab.get_by_label("Nama pilihan")).to_have_value("Ukuran")
    _size(tab, 0, "S", "45.000", "4")
    tab.get_by_role("button", name="Tambah ukuran").click()
    _size(tab, 1, "M", "45.000", "6")
    tab.get_by_role("button", name="Tambah ukuran").click()
    _size(tab, 2, "L", "50.000", "3")
    expect(tab.get_by_label("Bahan")).to_have_value("Spunbond 75 gsm")
    fits_the_phone(tab)
    axe_check(tab, "product form with sizes")
    tab.screenshot(path=screenshot_dir / "variants-form-360.png", full_page=True)
    tab.get_by_role("button", name="Terbitkan").click()

    # Then the gown is published with its three sizes
    expect(tab.get_by_text("“Gaun APD Spunbond” sudah terbit di katalog.")).to_be_visible()
    gown = Product.objects.get(name="Gaun APD Spunbond")
    assert (gown.status, gown.price, gown.stock, gown.price_varies) == ("published", 45000, 13, True)
    assert list(gown.variants.values_list("option1", "price", "stock")) == [
        ("S", 45000, 4),
        ("M", 45000, 6),
        ("L", 50000, 3),
    ]
    # and her product list counts stock per size
    expect(tab.get_by_label("Stok L")).to_have_value("3")
    fits_the_phone(tab)
    axe_check(tab, "product list with sizes")
    tab.screenshot(path=screenshot_dir / "variants-list-360.png", full_page=True)
    member_ctx.close()

    # When a buyer opens it on her phone, picks L and pays by transfer
    buyer_ctx, page = phone_tab(browser, live_server)
    page.goto(gown.get_absolute_url())
    expect(page.locator(".price")).to_contain_text("mulai Rp45.000")
    fits_the_phone(page)
    axe_check(page, "product page with sizes")
    page.screenshot(path=screenshot_dir / "variants-product-360.png", full_page=True)
    page.get_by_role("radio", name=re.compile(r"^L ")).check()
    page.get_by_role("button", name="Tambah ke keranjang").click()
    expect(page.get_by_text("Gaun APD Spunbond (L) masuk keranjang.")).to_be_visible()
    expect(page.locator(".cart-line")).to_contain_text("Ukuran: L")
    expect(page.locator(".total")).to_contain_text("Rp50.000")
    fits_the_phone(page)
    axe_check(page, "cart with a size")
    page.get_by_role("link", name="Lanjut ke pembayaran").click()
    fill_buyer(page)
    choose(page, "Sabrang", "Kurir", "Transfer bank")
    page.get_by_role("button", name="Buat pesanan").click()
    expect(page.get_by_role("heading", name="Terima kasih, pesanan Anda sudah dibuat")).to_be_visible()
    expect(page.locator(".mini-lines")).to_contain_text("1 × Gaun APD Spunbond (L)")
    order = Order.objects.get()

    # Then the stock of L dropped, S and M did not
    assert dict(gown.variants.values_list("option1", "stock")) == {"S": 4, "M": 6, "L": 2}

    # When the village confirms the payment, packs and ships it, and the buyer confirms it arrived
    village_ctx, desk = phone_tab(browser, live_server, sabrang["handler"].user)
    desk.goto(f"/dasbor/pesanan/{order.pk}/")
    expect(desk.get_by_text("1 × Gaun APD Spunbond (L)")).to_be_visible()
    confirm_pack_and_ship(desk)
    expect(desk.locator(".status").first).to_have_text("Dikirim")
    fits_the_phone(desk)
    village_ctx.close()
    page.goto(order.get_absolute_url())
    page.get_by_role("button", name="Pesanan diterima").click()
    expect(page.get_by_text("Terima kasih! Pesanan selesai.")).to_be_visible()
    buyer_ctx.close()

    # Then the order is completed and counted; only L's stock went down
    order.refresh_from_db()
    gown.refresh_from_db()
    assert order.status == Order.Status.COMPLETED
    assert list(order.items.values_list("variant_label", "unit_price", "quantity")) == [("L", 50000, 1)]
    assert dict(gown.variants.values_list("option1", "stock")) == {"S": 4, "M": 6, "L": 2}
    assert (gown.stock, gown.sold_count) == (12, 1)

    # And her income shows the sale, by product with its size
    member_ctx, tab = phone_tab(browser, live_server, sabrang["siti"].user)
    tab.goto("/dasbor/penghasilan/")
    by_product = tab.get_by_role("list", name="Per produk")
    expect(by_product).to_contain_text("Gaun APD Spunbond (L)")
    expect(by_product).to_contain_text("Rp50.000")
    expect(tab.locator(".facts")).to_contain_text("Rp50.000")
    fits_the_phone(tab)
    member_ctx.close()
    assert tab.errors == [] and page.errors == [] and desk.errors == []
