"""Nothing lost on her phone: a form refused for its token is sent again; stock sold meanwhile is kept."""

import pytest
from django.db.models import F
from playwright.sync_api import expect

from products.models import Product
from tests.browser import allow_status, fits_the_phone, phone_tab
from tests.factories import ProductFactory, add_photo

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.fixture
def siti_and_jamu(siti):
    jamu = ProductFactory(
        shop=siti.shop, made_by=siti, name="Kunyit Asam", stock=47, description="Lama.", status="draft"
    )
    add_photo(jamu)
    return siti, jamu


@pytest.fixture
def her_product_form(browser, live_server, siti_and_jamu):
    """Siti's phone on the form of her draft jamu: (browser context, tab, the product)."""
    siti, jamu = siti_and_jamu
    context, tab = phone_tab(browser, live_server, siti.user)
    try:
        tab.goto(f"/dasbor/produk/{jamu.pk}/")
        yield context, tab, jamu
    finally:
        context.close()


def test_a_form_refused_after_logging_in_elsewhere_is_sent_again_with_what_she_typed(
    her_product_form, live_server, axe_check
):
    context, tab, jamu = her_product_form
    tab.get_by_label("Keterangan").fill("Segar, tanpa pengawet, botol 250 ml.")
    # Meanwhile she logged in again in another tab: this browser's security token changed.
    context.add_cookies([{"name": "csrftoken", "value": "B" * 32, "url": live_server.url}])
    tab.get_by_role("button", name="Simpan sebagai draf").click()

    expect(tab.get_by_role("heading", level=1)).to_have_text("Formulir belum terkirim")
    axe_check(tab, "csrf failure")
    fits_the_phone(tab)
    jamu.refresh_from_db()
    assert jamu.description == "Lama."
    allow_status(tab, 403)

    tab.get_by_role("button", name="Kirim lagi isian saya").click()

    expect(tab.get_by_text("“Kunyit Asam” disimpan sebagai draf.")).to_be_visible()
    jamu.refresh_from_db()
    assert (jamu.description, jamu.stock) == ("Segar, tanpa pengawet, botol 250 ml.", 47)
    assert tab.errors == []


def test_stock_that_sold_while_she_typed_is_shown_and_her_input_kept(her_product_form, axe_check):
    _context, tab, jamu = her_product_form
    expect(tab.get_by_label("Stok", exact=True)).to_have_value("47")
    Product.objects.filter(pk=jamu.pk).update(stock=F("stock") - 2)  # two sold meanwhile
    tab.get_by_label("Stok", exact=True).fill("50")
    tab.get_by_label("Keterangan").fill("Ditambah 3 botol.")
    tab.get_by_role("button", name="Simpan sebagai draf").click()

    expect(
        tab.get_by_text("Sementara Anda mengisi, isian ini diubah menjadi “45”.", exact=False)
    ).to_be_visible()
    expect(tab.get_by_label("Stok", exact=True)).to_have_value("50")
    expect(tab.get_by_label("Keterangan")).to_have_value("Ditambah 3 botol.")
    axe_check(tab, "product form, changed meanwhile")
    allow_status(tab, 409)
    jamu.refresh_from_db()
    assert jamu.stock == 45

    tab.get_by_role("button", name="Simpan sebagai draf").click()  # she checked: 50 it is

    expect(tab.get_by_text("“Kunyit Asam” disimpan sebagai draf.")).to_be_visible()
    jamu.refresh_from_db()
    assert (jamu.stock, jamu.description) == (50, "Ditambah 3 botol.")
    assert tab.errors == []
