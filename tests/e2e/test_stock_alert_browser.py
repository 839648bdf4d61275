"""'Ingatkan saya' on a 360 px phone: confirmed by its link, told once on restock, an unconfirmed
address never."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser import fits_the_phone, phone_tab
from tests.factories import add_photo, member_with_account
from tests.orders.helpers import product

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_visitor_asks_confirms_and_is_told_once_when_the_maker_restocks(
    browser, live_server, mailoutbox, axe_check, screenshot_dir
):
    maker = member_with_account(shop="sabrang", display_name="Bu Siti")
    temulawak = product(maker.shop, name="Jamu Temulawak", stock=0, made_by=maker)
    add_photo(temulawak)

    # a visitor asks, and someone else types an address that is not theirs
    ctx, page = phone_tab(browser, live_server)
    page.goto(temulawak.get_absolute_url())
    expect(page.get_by_text("Stok habis")).to_be_visible()
    fits_the_phone(page)
    axe_check(page, "sold-out product")
    page.get_by_label("Email Anda").fill("rina@contoh.test")
    page.get_by_role("button", name="Ingatkan saya").click()
    expect(page.get_by_text("Cek email rina@contoh.test dan buka tautan konfirmasinya")).to_be_visible()
    page.get_by_label("Email Anda").fill("orang.lain@contoh.test")
    page.get_by_role("button", name="Ingatkan saya").click()
    expect(page.get_by_text("Cek email orang.lain@contoh.test")).to_be_visible()
    page.screenshot(path=screenshot_dir / "stock-alert-360.png", full_page=True)

    # Rina opens her confirmation link
    [confirm] = [m for m in mailoutbox if m.to == ["rina@contoh.test"]]
    path = re.search(r"https?://[^/]+(/ingatkan/\S+/)", confirm.body).group(1)
    page.goto(path)
    expect(page.get_by_text("Email Anda terkonfirmasi.")).to_be_visible()
    ctx.close()

    # the maker counts new stock on her dashboard
    mailoutbox.clear()
    maker_ctx, desk = phone_tab(browser, live_server, maker.user)
    desk.goto("/dasbor/produk/")
    desk.get_by_label("Stok").fill("12")
    desk.get_by_role("button", name="Simpan stok").click()
    expect(desk.get_by_label("Stok")).to_have_value("12")
    # and again later: nobody is told twice
    desk.get_by_label("Stok").fill("15")
    desk.get_by_role("button", name="Simpan stok").click()
    expect(desk.get_by_label("Stok")).to_have_value("15")
    maker_ctx.close()

    assert [(m.to, m.subject) for m in mailoutbox] == [
        (["rina@contoh.test"], "[Desbumi Market] Jamu Temulawak tersedia lagi")
    ]
