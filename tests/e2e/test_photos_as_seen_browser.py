"""Photos as people see them: a transparent PNG stays white in the downscaler; galleries pass axe."""

import io
import random

import pytest
from PIL import Image
from playwright.sync_api import expect

from products.models import ProductImage
from tests.browser import phone_tab
from tests.factories import MemberFactory, ProductFactory, UserFactory, add_photo, category, village

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def cut_out_png(path, size=(1800, 1200)):
    """Like a "hapus latar" app's output: a product on a fully transparent background (a big PNG)."""
    rng = random.Random(7)
    noise = Image.frombytes("RGB", size, rng.randbytes(size[0] * size[1] * 3))  # a PNG that will not shrink
    alpha = Image.new("L", size, 0)
    alpha.paste(255, (600, 400, 1200, 800))  # only the middle is the product
    noise.putalpha(alpha)
    noise.save(path, "PNG")
    return path


def test_a_transparent_png_is_flattened_onto_white_in_the_browser(browser, live_server, tmp_path):
    category("jamu")
    siti = MemberFactory(user=UserFactory(), shop=village("sabrang"), display_name="Siti")
    png = cut_out_png(tmp_path / "kunyit-tanpa-latar.png")
    context, tab = phone_tab(browser, live_server, siti.user)
    try:
        tab.goto("/dasbor/produk/baru/")
        tab.get_by_label("Foto produk").set_input_files(str(png))
        expect(tab.locator("#photo-list li.photo")).to_have_count(1, timeout=30_000)
        expect(tab.locator("#upload-text")).to_have_text("Foto terkirim.")

        staged = ProductImage.objects.get(uploaded_by=siti)
        with staged.image.open("rb") as f:
            stored = Image.open(io.BytesIO(f.read())).convert("RGB")
        assert max(stored.size) < 1800  # it went through the browser's downscaler
        corner = stored.getpixel((10, 10))
        assert min(corner) > 235, corner  # white, not black
        assert tab.errors == []
    finally:
        context.close()


def test_a_gallery_of_several_photos_passes_axe_and_scrolls_by_keyboard(browser, live_server, axe_check):
    jamu = ProductFactory(name="Jamu Beras Kencur", shop=village("sabrang"), category=category("jamu"))
    for colour in ((200, 120, 40), (40, 120, 200), (120, 200, 40)):
        add_photo(jamu, color=colour)
    context, tab = phone_tab(browser, live_server)
    try:
        tab.goto(jamu.get_absolute_url())
        gallery = tab.get_by_role("region", name="Foto produk")
        expect(gallery.locator("img")).to_have_count(3)
        axe_check(tab, "product page with a gallery")
        gallery.focus()
        tab.keyboard.press("ArrowRight")
        expect(gallery).to_be_focused()
        assert tab.errors == []
    finally:
        context.close()
