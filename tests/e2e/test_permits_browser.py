"""On a 360 px phone, a member's mistyped permit number is refused; she fixes only that and publishes."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from products.models import Product
from tests.browser import fits_the_phone, phone_tab

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_a_refused_pirt_is_fixed_without_retyping_the_rest(browser, live_server, siti, tmp_path, axe_check):
    photo = tmp_path / "jamu.jpg"
    Image.new("RGB", (1200, 900), (220, 140, 30)).save(photo, "JPEG")
    today = timezone.localdate()
    produced, best_before = (today - timedelta(days=1)).isoformat(), (today + timedelta(days=60)).isoformat()
    context, page = phone_tab(browser, live_server, siti.user)
    page.goto("/dasbor/produk/baru/")

    # she fills in everything, typing the letter O for a zero in the P-IRT
    page.get_by_label("Foto produk").set_input_files([str(photo)])
    expect(page.locator("#photo-list li.photo")).to_have_count(1, timeout=30_000)
    page.get_by_label("Nama produk").fill("Jamu Kunyit Asam Siti")
    page.get_by_label("Kategori").select_option(label="Jamu")
    page.get_by_label("Harga (Rp)").fill("12.500")
    page.get_by_label("Stok").fill("15")
    page.get_by_label("Keterangan").fill("Kunyit dan asam jawa, tanpa pengawet.")
    page.get_by_label("Nomor P-IRT").fill("P-IRT No. 2063509O10123-28")
    page.get_by_label("Status halal").select_option(label="Sertifikat halal, pernyataan mandiri (SEHATI)")
    page.get_by_label("Nomor sertifikat halal").fill("id 3511 0001 3259 01022")
    page.get_by_label("Tanggal produksi").fill(produced)
    page.get_by_label("Tanggal kedaluwarsa").fill(best_before)
    page.get_by_role("button", name="Terbitkan").click()

    # refused, with the reason and an example next to the P-IRT; nothing else lost, nothing saved
    pirt = page.get_by_label("Nomor P-IRT")
    expect(page.get_by_role("alert").first).to_contain_text("Ada yang perlu diperbaiki")
    expect(page.locator(".field--error")).to_have_count(1)
    expect(page.locator(".field--error")).to_contain_text(
        "Nomor P-IRT hanya berisi angka, misalnya 2063509010123-28. Periksa huruf yang terketik."
    )
    expect(pirt).to_have_value("P-IRT No. 2063509O10123-28")
    expect(page.get_by_label("Nama produk")).to_have_value("Jamu Kunyit Asam Siti")
    expect(page.get_by_label("Harga (Rp)")).to_have_value(re.compile(r"12\.500"))
    expect(page.get_by_label("Stok")).to_have_value("15")
    expect(page.get_by_label("Keterangan")).to_have_value("Kunyit dan asam jawa, tanpa pengawet.")
    expect(page.get_by_label("Nomor sertifikat halal")).to_have_value("id 3511 0001 3259 01022")
    expect(page.get_by_label("Tanggal produksi")).to_have_value(produced)
    expect(page.get_by_label("Tanggal kedaluwarsa")).to_have_value(best_before)
    expect(page.locator("#photo-list li.photo")).to_have_count(1)
    assert not Product.objects.exists()
    fits_the_phone(page)
    axe_check(page, "refused permit")

    # she corrects only the letter and publishes
    pirt.fill("P-IRT No. 2063509010123-28")
    page.get_by_role("button", name="Terbitkan").click()
    expect(page.get_by_text("“Jamu Kunyit Asam Siti” sudah terbit di katalog.")).to_be_visible()
    product = Product.objects.get()
    assert (product.pirt_number, product.halal_number, product.price, product.stock, product.status) == (
        "206350901012328",
        "ID35110001325901022",
        12500,
        15,
        "published",
    )
    assert product.images.count() == 1

    # and a buyer sees the badges with the numbers to look up
    page.goto(product.get_absolute_url())
    badges = page.get_by_role("list", name="Izin dan sertifikat")
    expect(badges).to_contain_text("P-IRT No. 2063509010123-28")
    expect(badges).to_contain_text("Halal (pernyataan mandiri) · ID35110001325901022")
    fits_the_phone(page)
    # the refusal itself answers 400 (as a form error should); nothing else went wrong in the browser
    assert sorted(page.errors) == [
        "Failed to load resource: the server responded with a status of 400 (Bad Request)",
        f"HTTP 400 {live_server.url}/dasbor/produk/baru/",
    ]
    context.close()
