"""A buyer on a 360 px phone: search, filter, open a product, switch language."""

import re

import pytest
from playwright.sync_api import expect

from products.models import Product
from tests.browser import loaded_image_width
from tests.factories import MemberFactory, ProductFactory, add_photo, category, village

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.fixture
def catalog():
    # every village: a browser test before this one may have flushed the data migration's rows
    sabrang, wonoasri, _, _ = (village(slug) for slug in ("sabrang", "wonoasri", "ambulu", "dukuhdempok"))
    siti = MemberFactory(shop=sabrang, display_name="Siti Rahayu", story="Tujuh tahun di Taiwan.")
    siti.consent_show_story = True
    siti.save()
    kunyit = ProductFactory(
        shop=sabrang,
        made_by=siti,
        category=category("jamu"),
        name="Jamu Kunyit Asam 250 ml",
        price=12500,
        stock=9,
        unit="botol",
        pirt_number="206350901012328",
        halal_status=Product.Halal.CERTIFIED,
        halal_number="ID35110000123450824",
        description="Kunyit dan asam jawa segar dari kebun sendiri.",
    )
    add_photo(kunyit, color=(230, 150, 20), alt="Botol jamu kunyit asam")
    jahe = ProductFactory(shop=wonoasri, category=category("jamu"), name="Jamu Jahe Merah", price=15000)
    add_photo(jahe, color=(180, 40, 30))
    masker = ProductFactory(shop=sabrang, category=category("masker"), name="Masker Kain Batik", price=8000)
    add_photo(masker, color=(40, 70, 160))
    return {"kunyit": kunyit, "jahe": jahe, "masker": masker, "siti": siti}


def test_buyer_searches_filters_and_opens_a_product(page, catalog, axe_check, screenshot_dir):
    page.goto("/")
    expect(page.get_by_role("heading", name="Belanja langsung dari desa Desbumi")).to_be_visible()
    for name in ("Wonoasri", "Sabrang", "Ambulu", "Dukuhdempok"):
        expect(page.get_by_role("link", name=re.compile(name)).first).to_be_visible()
    axe_check(page, "home")
    page.screenshot(path=screenshot_dir / "home-360.png", full_page=True)

    # search "jamu"
    page.get_by_label("Cari produk").fill("jamu")
    page.get_by_role("button", name="Cari", exact=True).click()
    expect(page.get_by_role("heading", name="Hasil pencarian “jamu”")).to_be_visible()
    expect(page.get_by_role("link", name="Jamu Kunyit Asam 250 ml")).to_be_visible()
    expect(page.get_by_role("link", name="Jamu Jahe Merah")).to_be_visible()
    expect(page.get_by_role("link", name="Masker Kain Batik")).to_have_count(0)
    axe_check(page, "search")

    # filter to Sabrang
    page.get_by_text("Saring dan urutkan").click()
    page.get_by_label("Desa").select_option(label="Sabrang")
    page.get_by_role("button", name="Terapkan").click()
    expect(page).to_have_url(re.compile(r"desa=sabrang"))
    expect(page.get_by_role("link", name="Jamu Jahe Merah")).to_have_count(0)
    page.screenshot(path=screenshot_dir / "search-360.png", full_page=True)

    # open the product
    page.get_by_role("link", name="Jamu Kunyit Asam 250 ml").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Jamu Kunyit Asam 250 ml")
    expect(page.locator(".price")).to_contain_text("Rp12.500")
    expect(page.get_by_text("Stok: 9 botol")).to_be_visible()
    expect(page.get_by_role("link", name="Siti Rahayu")).to_be_visible()
    expect(page.locator(".facts")).to_contain_text("Sabrang")
    badges = page.get_by_role("list", name="Izin dan sertifikat")
    expect(badges).to_contain_text("P-IRT No. 2063509010123-28")
    expect(badges).to_contain_text("Halal · ID35110000123450824")
    photo = page.get_by_role("img", name="Botol jamu kunyit asam")
    expect(photo).to_be_visible()
    assert loaded_image_width(photo) > 0
    # nothing overflows the 360 px screen sideways
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    axe_check(page, "product")
    page.screenshot(path=screenshot_dir / "product-360.png", full_page=True)

    # the maker's page, then her village
    page.get_by_role("link", name="Siti Rahayu").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Siti Rahayu")
    expect(page.get_by_text("Tujuh tahun di Taiwan.")).to_be_visible()
    axe_check(page, "member")
    page.get_by_role("link", name="Desa Sabrang").click()
    expect(page.get_by_role("heading", name="Desa Sabrang")).to_be_visible()
    expect(page.get_by_role("link", name="Masker Kain Batik")).to_be_visible()
    axe_check(page, "village")
    page.screenshot(path=screenshot_dir / "village-360.png", full_page=True)

    # a category from the home page
    page.get_by_role("link", name="Desbumi Market").click()
    page.get_by_role("link", name="Masker", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Masker")
    expect(page.get_by_role("link", name="Masker Kain Batik")).to_be_visible()
    axe_check(page, "category")


def test_language_switch_changes_the_page_to_english_and_back(page, catalog):
    page.goto(catalog["kunyit"].get_absolute_url())
    expect(page.locator("html")).to_have_attribute("lang", "id")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_text("Made by", exact=True)).to_be_visible()
    expect(page.get_by_text("In stock: 9 botol")).to_be_visible()
    expect(page).to_have_url(re.compile(re.escape(catalog["kunyit"].get_absolute_url()) + "$"))
    page.get_by_role("link", name="Desbumi Market").click()
    expect(page.get_by_role("heading", name="Newest products")).to_be_visible()
    page.get_by_role("button", name="Bahasa Indonesia").click()
    expect(page.get_by_role("heading", name="Produk terbaru")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "id")


def test_unknown_page_shows_the_friendly_indonesian_404(page, catalog, axe_check):
    response = page.goto("/produk/tidak-ada-sama-sekali/")
    assert response.status == 404
    assert len(page.console_errors) == 2
    assert all("404" in error for error in page.console_errors)
    page.console_errors.clear()
    expect(page.get_by_role("heading", name="Halaman tidak ditemukan")).to_be_visible()
    axe_check(page, "404")
    page.get_by_role("link", name="Kembali ke beranda").click()
    expect(page.get_by_role("heading", name="Belanja langsung dari desa Desbumi")).to_be_visible()


def test_admin_login_page_is_reachable(page, catalog):
    page.goto("/admin/")
    expect(page.get_by_role("button", name=re.compile("Masuk"))).to_be_visible()
