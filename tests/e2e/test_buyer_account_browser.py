"""A logged-in buyer on a 360 px phone lands on her account, reorders, checks out with a saved address."""

import re

import pytest
from playwright.sync_api import expect

from orders.models import Order
from products.models import Product
from tests.browser import choose, fits_the_phone, log_in, phone_tab
from tests.factories import UserFactory, add_photo, verified
from tests.orders.helpers import BUYER, configured_village, place, product

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_buyer_logs_in_reorders_and_checks_out_with_her_saved_address(
    browser, live_server, axe_check, screenshot_dir
):
    shop = configured_village("sabrang")
    kunyit = product(shop, name="Jamu Kunyit Asam", price=12500, stock=10)
    add_photo(kunyit)
    rina = verified(UserFactory(email="rina@contoh.test", password="rahasia-123"))
    first = place({kunyit: 2}, user=rina).orders.get()
    Product.objects.filter(pk=kunyit.pk).update(price=13000)

    ctx, page = phone_tab(browser, live_server)
    log_in(page, "rina@contoh.test", "rahasia-123")

    # she lands on her own account: her order, her address
    expect(page.get_by_role("heading", name="Akun saya")).to_be_visible()
    assert page.url.endswith("/akun/saya/")
    expect(page.get_by_role("link", name=first.number)).to_be_visible()
    expect(page.get_by_text("Jl. Mawar 5 RT 02/RW 03").first).to_be_visible()
    fits_the_phone(page)
    axe_check(page, "buyer account")
    page.screenshot(path=screenshot_dir / "buyer-account-360.png", full_page=True)

    # reorder: the same items back in the cart, and what changed
    page.get_by_role("button", name=f"Pesan lagi {first.number}").click()
    expect(page.get_by_text("Harga Jamu Kunyit Asam sekarang Rp13.000 (dulu Rp12.500).")).to_be_visible()
    expect(page.locator(".total")).to_contain_text("Rp26.000")
    fits_the_phone(page)
    page.get_by_role("link", name="Lanjut ke pembayaran").click()

    # the checkout is prefilled with her saved address
    expect(page.get_by_label("Nama lengkap")).to_have_value(BUYER.name)
    expect(page.get_by_label("Alamat (jalan, RT/RW, nomor rumah)")).to_have_value(BUYER.address_line)
    expect(page.get_by_label("Kabupaten/Kota")).to_have_value(BUYER.address_city)
    expect(page.get_by_label("Provinsi")).to_have_value("Jawa Timur")
    axe_check(page, "prefilled checkout")
    choose(page, "Sabrang", "Kurir", "Transfer bank")
    page.get_by_role("button", name="Buat pesanan").click()
    expect(page.get_by_role("heading", name="Terima kasih, pesanan Anda sudah dibuat")).to_be_visible()

    second = Order.objects.exclude(pk=first.pk).get()
    assert (second.user, second.address_line, second.items_total) == (rina, BUYER.address_line, 26000)
    assert list(second.items.values_list("product_name", "quantity", "unit_price")) == [
        ("Jamu Kunyit Asam", 2, 13000)
    ]
    page.goto("/akun/saya/")
    expect(page.get_by_role("link", name=re.compile(second.number))).to_be_visible()
    ctx.close()
