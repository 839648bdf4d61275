"""A guest buys at Sabrang, the village completes the order, she reviews with a photo, the village
replies, and the rating shows on the product and village pages: all on a 360 px phone."""

import re

import pytest
from playwright.sync_api import expect

from orders.models import Order
from reviews.models import Review
from tests.browser import choose, fill_buyer, fits_the_phone, loaded_image_width, phone_tab
from tests.factories import MemberFactory, UserFactory, add_photo, category, jpeg_bytes
from tests.orders.helpers import configured_village, product

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.fixture
def sabrang():
    shop = configured_village("sabrang", offers_courier=False, pickup_address="Balai Desa Sabrang")
    kunyit = product(shop, name="Jamu Kunyit Asam", price=12500, stock=10, category=category("jamu"))
    add_photo(kunyit)
    ketua = MemberFactory(
        user=UserFactory(email="ketua.sabrang@contoh.test"),
        shop=shop,
        role="ketua",
        display_name="Bu Sulastri",
    )
    return {"shop": shop, "kunyit": kunyit, "ketua": ketua}


def test_guest_buys_village_completes_she_reviews_with_a_photo_village_replies(
    browser, live_server, sabrang, axe_check, screenshot_dir, tmp_path
):
    kunyit = sabrang["kunyit"]
    buyer_ctx, page = phone_tab(browser, live_server)

    # a guest buys two, to pick up and pay at the village
    page.goto(kunyit.get_absolute_url())
    expect(page.get_by_text("Belum ada ulasan").first).to_be_visible()
    page.get_by_label("Jumlah").fill("2")
    page.get_by_role("button", name="Tambah ke keranjang").click()
    page.get_by_role("link", name="Lanjut ke pembayaran").click()
    fill_buyer(page, name="Rina Wulandari", address="")
    choose(page, "Sabrang", "Ambil di desa", "Bayar di tempat")
    page.get_by_role("button", name="Buat pesanan").click()
    expect(page.get_by_role("heading", name="Terima kasih, pesanan Anda sudah dibuat")).to_be_visible()
    order = Order.objects.get()
    page.goto(order.get_absolute_url())
    expect(page.get_by_role("link", name="Beri ulasan")).to_have_count(0)

    # the ketua packs it, it is ready, the buyer picks it up and pays: completed
    village_ctx, desk = phone_tab(browser, live_server, sabrang["ketua"].user)
    desk.goto(f"/dasbor/pesanan/{order.pk}/")
    desk.get_by_role("button", name="Sudah dikemas").click()
    desk.get_by_role("button", name="Siap diambil").click()
    desk.get_by_role("button", name="Sudah diambil & dibayar").click()
    expect(desk.locator("#order-status")).to_have_text("Selesai")

    # she is asked for a review on her order page, and gives 5 stars, words and a photo
    page.reload()
    page.get_by_role("link", name="Beri ulasan").click()
    expect(page.get_by_role("heading", name=f"Ulasan pesanan {order.number}")).to_be_visible()
    fits_the_phone(page)
    axe_check(page, "review form")
    # without stars: refused beside the field, her words kept
    page.get_by_label("Ulasan (tidak wajib)").fill("Segar, asamnya pas. Anak saya suka.")
    page.get_by_role("button", name="Kirim ulasan").click()
    expect(page.get_by_text("Pilih berapa bintang untuk produk ini.")).to_be_visible()
    expect(page.get_by_label("Ulasan (tidak wajib)")).to_have_value("Segar, asamnya pas. Anak saya suka.")
    assert sorted(page.errors) == [
        "Failed to load resource: the server responded with a status of 400 (Bad Request)",
        f"HTTP 400 {page.url}",
    ]
    page.errors.clear()
    axe_check(page, "review form with an error")

    page.get_by_label("5 bintang").check()
    photo = tmp_path / "jamu.jpg"
    photo.write_bytes(jpeg_bytes(900, 700, color=(230, 160, 20)))
    page.get_by_label("Foto (tidak wajib, paling banyak 3)").set_input_files(str(photo))
    page.get_by_role("button", name="Kirim ulasan").click()
    expect(page.get_by_text("Terima kasih! Ulasan Anda sudah tampil di halaman produk.")).to_be_visible()
    expect(page.get_by_role("button", name="Kirim ulasan")).to_have_count(0)
    assert loaded_image_width(page.get_by_role("img", name="Foto 1 dari Rina")) > 0
    page.screenshot(path=screenshot_dir / "review-given-360.png", full_page=True)
    assert Review.objects.get().rating == 5

    # the village answers from its reviews desk
    desk.goto("/dasbor/pesanan/")
    desk.get_by_role("link", name="Ulasan").click()
    expect(desk.get_by_role("heading", name="Ulasan untuk Desa Sabrang")).to_be_visible()
    expect(desk.get_by_text("Segar, asamnya pas. Anak saya suka.")).to_be_visible()
    fits_the_phone(desk)
    axe_check(desk, "village reviews desk")
    desk.get_by_label("Balas Rina").fill("Terima kasih, Bu Rina! Ditunggu pesanan berikutnya.")
    desk.get_by_role("button", name="Kirim balasan").click()
    expect(desk.get_by_text("Balasan terkirim dan tampil di bawah ulasan.")).to_be_visible()
    expect(desk.get_by_label("Balas Rina")).to_have_count(0)
    village_ctx.close()

    # the product page: rating, distribution, Terjual 2, her review with its photo and the reply
    page.goto(kunyit.get_absolute_url())
    expect(page.locator(".sold")).to_contain_text("★ 5,0 (1 ulasan) · Terjual 2")
    reviews = page.get_by_role("region", name="Ulasan pembeli")
    expect(reviews.locator(".rating__head")).to_contain_text("1 ulasan · Terjual 2")
    expect(reviews.get_by_role("row", name=re.compile("^5 bintang"))).to_contain_text("1")
    expect(reviews.get_by_text("Segar, asamnya pas. Anak saya suka.")).to_be_visible()
    expect(reviews.get_by_text("Terima kasih, Bu Rina! Ditunggu pesanan berikutnya.")).to_be_visible()
    assert loaded_image_width(reviews.get_by_role("img", name="Foto 1 dari Rina")) > 0
    fits_the_phone(page)
    axe_check(page, "product page with a review")
    page.screenshot(path=screenshot_dir / "product-with-review-360.png", full_page=True)

    # the village page shows the village's rating
    page.get_by_role("link", name="Sabrang").first.click()
    expect(page.get_by_role("heading", name="Desa Sabrang")).to_be_visible()
    expect(page.locator("#rating .rating__head")).to_contain_text("1 ulasan")
    fits_the_phone(page)
    axe_check(page, "village page with its rating")
    assert page.errors == []
    buyer_ctx.close()
