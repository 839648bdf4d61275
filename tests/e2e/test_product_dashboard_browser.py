"""A member on her phone adds a product with photos: with JavaScript (downscaled) and without."""

import io
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from products.models import Product
from tests.browser import phone_tab, wait_until
from tests.factories import category

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def camera_photo(path, size=(4000, 3000)):
    """A JPEG like a phone camera's: 12 megapixels, several megabytes."""
    noise = Image.effect_noise(size, 30)
    gradient = Image.linear_gradient("L").resize(size)
    Image.merge("RGB", (noise, gradient, Image.blend(noise, gradient, 0.5))).save(path, "JPEG", quality=92)
    return path


def test_photos_are_downscaled_in_the_browser_before_upload(
    browser, live_server, siti, tmp_path, axe_check, screenshot_dir
):
    originals = [camera_photo(tmp_path / f"IMG_{i}.jpg") for i in (1, 2)]
    original_size = originals[0].stat().st_size
    assert original_size > 3_000_000

    context, page = phone_tab(browser, live_server, siti.user)
    uploads = []
    # the bytes that actually went over the wire for each photo upload
    page.on(
        "requestfinished",
        lambda r: (
            uploads.append(r.sizes()["requestBodySize"]) if r.url.endswith("/dasbor/produk/foto/") else None
        ),
    )
    page.goto("/dasbor/")
    page.get_by_role("link", name="+ Jual produk").click()
    expect(page.get_by_role("heading", name="Jual produk")).to_be_visible()

    page.get_by_label("Foto produk").set_input_files([str(p) for p in originals])
    # Two 12-MP photos decoded and redrawn by a headless browser with a software canvas: seconds on
    # a quiet machine, much longer beside a busy test suite. Wait for the condition, generously,
    # and say what the page said if it never came.
    try:
        expect(page.locator("#photo-list li.photo")).to_have_count(2, timeout=90_000)
    except AssertionError as exc:
        status = page.locator("#upload-text").text_content()
        raise AssertionError(f"{exc}\nupload status: {status!r}") from exc
    expect(page.locator("#upload-text")).to_have_text("Foto terkirim.")
    wait_until(page, lambda: len(uploads) == 2)
    # each upload is a fraction of the camera file: at most 400 KB of her mobile data
    assert all(size < 400_000 for size in uploads), uploads
    assert max(uploads) * 8 < original_size, (uploads, original_size)

    # reorder: the second photo becomes the first
    page.get_by_role("button", name="Geser ke kiri").nth(1).click()
    first_id = page.locator("#photo-list li.photo").first.get_attribute("data-photo-id")

    page.get_by_label("Nama produk").fill("Jamu Temulawak Siti")
    page.get_by_label("Kategori").select_option(label="Jamu")
    expect(page.get_by_role("group", name="Khusus jamu: izin, halal, tanggal")).to_be_visible()
    expect(page.get_by_role("group", name="Khusus masker dan APD")).to_be_hidden()
    page.get_by_label("Harga (Rp)").fill("Rp 18.000")
    page.get_by_label("Stok").fill("20")
    page.get_by_label("Nomor P-IRT").fill("2063509010123-28")
    page.get_by_label("Status halal").select_option(label="Sertifikat halal, pernyataan mandiri (SEHATI)")
    page.get_by_label("Nomor sertifikat halal").fill("ID35110001325901022")
    page.get_by_label("Tanggal produksi").fill((timezone.localdate() - timedelta(days=1)).isoformat())
    page.get_by_label("Tanggal kedaluwarsa").fill((timezone.localdate() + timedelta(days=90)).isoformat())
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    axe_check(page, "product form")
    page.screenshot(path=screenshot_dir / "dashboard-form-360.png", full_page=True)
    page.get_by_role("button", name="Terbitkan").click()

    expect(page.get_by_text("“Jamu Temulawak Siti” sudah terbit di katalog.")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    axe_check(page, "dashboard list")
    page.screenshot(path=screenshot_dir / "dashboard-list-360.png", full_page=True)
    product = Product.objects.get(name="Jamu Temulawak Siti")
    assert (product.price, product.stock, product.status, product.made_by_id) == (
        18000,
        20,
        "published",
        siti.pk,
    )
    assert str(product.images.values_list("pk", flat=True).first()) == first_id

    # and it is in the public catalog, with her name, on the village page too
    page.goto("/desa/sabrang/")
    page.get_by_role("link", name="Jamu Temulawak Siti").click()
    expect(page.locator(".price")).to_contain_text("Rp18.000")
    expect(page.get_by_role("link", name="Siti", exact=True)).to_be_visible()
    stored = product.images.first()
    with stored.image.open("rb") as f:
        assert max(Image.open(io.BytesIO(f.read())).size) == 1600
    context.close()


def test_without_javascript_the_plain_form_still_publishes(browser, live_server, siti, tmp_path):
    photos = [camera_photo(tmp_path / f"p{i}.jpg", size=(1200, 900)) for i in (1, 2)]
    context, page = phone_tab(browser, live_server, siti.user, java_script_enabled=False)
    page.goto("/dasbor/produk/baru/")
    # no script: every fieldset is shown, the photo order is a number field
    expect(page.get_by_role("group", name="Khusus masker dan APD")).to_be_visible()
    page.get_by_label("Nama produk").fill("Jamu Beras Kencur Tanpa JS")
    page.get_by_label("Kategori").select_option(label="Jamu")
    page.get_by_label("Harga (Rp)").fill("15.000")
    page.get_by_label("Stok").fill("8")
    # a fresh jamu that keeps three days needs no P-IRT, but its dates and halal certificate
    page.get_by_label("Status halal").select_option(label="Sertifikat halal reguler")
    page.get_by_label("Nomor sertifikat halal").fill("ID35110000214820324")
    page.get_by_label("Tanggal produksi").fill(timezone.localdate().isoformat())
    page.get_by_label("Tanggal kedaluwarsa").fill((timezone.localdate() + timedelta(days=3)).isoformat())
    page.get_by_label("Foto produk").set_input_files([str(p) for p in photos])
    page.get_by_role("button", name="Terbitkan").click()
    expect(page.get_by_text("“Jamu Beras Kencur Tanpa JS” sudah terbit di katalog.")).to_be_visible()
    product = Product.objects.get(name="Jamu Beras Kencur Tanpa JS")
    assert (product.status, product.price, product.images.count()) == ("published", 15000, 2)

    # a bad file keeps what she typed
    page.goto("/dasbor/produk/baru/")
    fake = tmp_path / "surat.jpg"
    fake.write_bytes(b"%PDF-1.7 bukan foto")
    page.get_by_label("Nama produk").fill("Masker Kain Motif Bunga")
    page.get_by_label("Kategori").select_option(label="Masker")
    page.get_by_label("Harga (Rp)").fill("9.500")
    page.get_by_label("Stok").fill("3")
    page.get_by_label("Foto produk").set_input_files([str(fake)])
    page.get_by_role("button", name="Terbitkan").click()
    expect(page.get_by_text("surat.jpg: File ini bukan foto JPEG, PNG atau WebP.")).to_be_visible()
    expect(page.get_by_label("Nama produk")).to_have_value("Masker Kain Motif Bunga")
    expect(page.get_by_label("Harga (Rp)")).to_have_value(re.compile("9.500"))
    expect(page.get_by_label("Kategori")).to_have_value(str(category("masker").pk))
    assert not Product.objects.filter(name="Masker Kain Motif Bunga").exists()
    context.close()
