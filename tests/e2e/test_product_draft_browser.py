"""The product form keeps a draft on her phone: back after a reload, a closed tab or a refused form."""

import pytest
from playwright.sync_api import expect

from products.models import Product
from tests.browser import allow_status, fits_the_phone, phone_tab, recording_tab
from tests.factories import ProductFactory, add_photo

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

QUESTION = "Lanjutkan draf yang belum tersimpan?"


def _drafts(tab) -> list[str]:
    return tab.evaluate("Object.keys(localStorage).filter(k => k.startsWith('desbumi-draf:'))")


def test_a_new_product_typed_then_lost_comes_back_and_is_gone_once_saved(
    browser, live_server, siti, axe_check
):
    context, tab = phone_tab(browser, live_server, siti.user)
    try:
        tab.goto("/dasbor/produk/baru/")
        expect(tab.get_by_role("heading", name="Jual produk")).to_be_visible()
        expect(tab.get_by_text(QUESTION)).to_have_count(0)  # nothing kept yet
        tab.get_by_label("Nama produk").fill("Jamu Beras Kencur")
        tab.get_by_label("Kategori").select_option(label="Jamu")
        tab.get_by_label("Harga (Rp)").fill("15.000")
        tab.get_by_label("Keterangan").fill("Segar setiap pagi, botol 250 ml.")
        # the tab is closed (or the phone restarts): a new tab opens the form again
        tab.close()
        tab = recording_tab(context)
        tab.goto("/dasbor/produk/baru/")

        expect(tab.get_by_text(QUESTION)).to_be_visible()
        expect(tab.get_by_label("Nama produk")).to_have_value("")
        axe_check(tab, "product form, draft offered")
        fits_the_phone(tab)
        tab.get_by_role("button", name="Lanjutkan draf").click()

        expect(tab.get_by_role("status")).to_have_text(
            "Draf sudah dikembalikan ke formulir. Periksa, lalu simpan."
        )
        expect(tab.get_by_label("Nama produk")).to_have_value("Jamu Beras Kencur")
        expect(tab.get_by_label("Harga (Rp)")).to_have_value("15.000")
        expect(tab.get_by_label("Keterangan")).to_have_value("Segar setiap pagi, botol 250 ml.")
        expect(tab.get_by_role("group", name="Khusus jamu: izin, halal, tanggal")).to_be_visible()
        expect(tab.get_by_label("Nama produk")).to_be_focused()
        tab.get_by_label("Stok").fill("12")  # she goes on typing: kept too
        tab.get_by_role("button", name="Simpan sebagai draf").click()

        expect(tab.get_by_text("“Jamu Beras Kencur” disimpan sebagai draf.")).to_be_visible()
        product = Product.objects.get()
        assert (product.name, product.price, product.stock) == ("Jamu Beras Kencur", 15000, 12)
        assert _drafts(tab) == []
        tab.goto("/dasbor/produk/baru/")
        expect(tab.get_by_label("Nama produk")).to_have_value("")
        expect(tab.get_by_text(QUESTION)).to_have_count(0)
        assert tab.errors == []
    finally:
        context.close()


def test_after_a_refused_form_she_goes_back_and_continues_her_draft(browser, live_server, siti, axe_check):
    jamu = ProductFactory(shop=siti.shop, made_by=siti, name="Kunyit Asam", stock=47, description="Lama.")
    jamu.status = Product.Status.DRAFT
    jamu.save()
    add_photo(jamu)
    context, tab = phone_tab(browser, live_server, siti.user)
    try:
        tab.goto(f"/dasbor/produk/{jamu.pk}/")
        tab.get_by_label("Keterangan").fill("Segar, tanpa pengawet, botol 250 ml.")
        # meanwhile she logged in again in another tab: this form's token is refused
        context.add_cookies([{"name": "csrftoken", "value": "B" * 32, "url": live_server.url}])
        tab.get_by_role("button", name="Simpan sebagai draf").click()
        expect(tab.get_by_role("heading", level=1)).to_have_text("Formulir belum terkirim")
        allow_status(tab, 403)

        tab.get_by_role("link", name="Kembali ke formulir").click()

        expect(tab.get_by_text(QUESTION)).to_be_visible()
        expect(tab.get_by_label("Keterangan")).to_have_value("Lama.")
        tab.get_by_role("button", name="Lanjutkan draf").click()
        expect(tab.get_by_label("Keterangan")).to_have_value("Segar, tanpa pengawet, botol 250 ml.")
        axe_check(tab, "product form, draft restored")
        fits_the_phone(tab)
        tab.get_by_role("button", name="Simpan sebagai draf").click()

        expect(tab.get_by_text("“Kunyit Asam” disimpan sebagai draf.")).to_be_visible()
        jamu.refresh_from_db()
        assert (jamu.description, jamu.stock) == ("Segar, tanpa pengawet, botol 250 ml.", 47)
        assert _drafts(tab) == []
        assert tab.errors == []
    finally:
        context.close()


def test_a_discarded_draft_leaves_the_form_as_saved(browser, live_server, siti):
    jamu = ProductFactory(shop=siti.shop, made_by=siti, name="Kunyit Asam", description="Lama.")
    context, tab = phone_tab(browser, live_server, siti.user)
    try:
        tab.goto(f"/dasbor/produk/{jamu.pk}/")
        tab.get_by_label("Keterangan").fill("Belum jadi")
        tab.reload()

        tab.get_by_role("button", name="Buang draf").click()

        expect(tab.get_by_role("status")).to_have_text("Draf sudah dibuang.")
        expect(tab.get_by_label("Keterangan")).to_have_value("Lama.")
        assert _drafts(tab) == []
        tab.reload()
        expect(tab.get_by_label("Keterangan")).to_have_value("Lama.")
        expect(tab.get_by_text(QUESTION)).to_have_count(0)
        assert tab.errors == []
    finally:
        context.close()
