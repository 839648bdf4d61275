"""The ketua of Sabrang hears of a new order on her phone: the bell's count, the inbox, marking read."""

from dataclasses import replace

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import expect

from notifications.models import Notification
from orders.services import order_upload_receipt
from tests.browser import fits_the_phone, phone_tab
from tests.factories import ProductFactory, category, jpeg_bytes
from tests.orders.helpers import BUYER, place

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


# phone_tab comes from tests/browser.py


def test_the_ketua_sees_the_bell_opens_her_inbox_and_marks_read_on_her_phone(
    browser, live_server, sabrang_ketua, axe_check, screenshot_dir
):
    # given a buyer's order and then her transfer receipt (tasks run at once, as in `make run`)
    shop = sabrang_ketua.shop
    kunyit = ProductFactory(
        shop=shop, name="Jamu Kunyit Asam", price=12500, stock=10, category=category("jamu")
    )
    checkout = place({kunyit: 3}, buyer=replace(BUYER, address_city="Surabaya"))
    order = checkout.orders.get()
    order_upload_receipt(order=order, uploaded=ContentFile(jpeg_bytes(600, 900), name="bukti.jpg"))
    assert Notification.objects.filter(user=sabrang_ketua.user, read_at=None).count() == 2

    # when she opens her dashboard: the bell says 2
    context, tab = phone_tab(browser, live_server, sabrang_ketua.user)
    tab.goto("/dasbor/produk/")
    bell = tab.get_by_role("link", name="Notifikasi (2) belum dibaca")
    expect(bell).to_be_visible()
    expect(bell).to_contain_text("Notifikasi (2)")
    fits_the_phone(tab)
    axe_check(tab, "dashboard with the bell")

    # the inbox: newest first, each with its message and a way to open it
    bell.click()
    expect(tab.get_by_role("heading", name="Notifikasi", exact=True)).to_be_visible()
    expect(tab.get_by_text("2 belum dibaca.")).to_be_visible()
    items = tab.locator(".notification")
    expect(items).to_have_count(2)
    expect(items.nth(0)).to_contain_text(f"Bukti transfer masuk untuk pesanan {order.number}")
    expect(items.nth(1)).to_contain_text(f"Pesanan baru {order.number} untuk Desa Sabrang")
    items.nth(1).locator("summary", has_text="Baca pesan").click()
    expect(items.nth(1).get_by_text("3 × Jamu Kunyit Asam — Rp37.500")).to_be_visible()
    expect(items.nth(1).locator('a[href^="https://wa.me/6281234567890?text="]')).to_be_visible()
    fits_the_phone(tab)
    axe_check(tab, "inbox")
    tab.screenshot(path=screenshot_dir / "notifications-inbox-360.png", full_page=True)

    # mark the receipt one read: the bell goes down to 1
    tab.get_by_role("button", name=f"Tandai dibaca Bukti transfer masuk untuk pesanan {order.number}").click()
    expect(tab.get_by_role("link", name="Notifikasi (1) belum dibaca")).to_be_visible()
    expect(tab.locator(".notification--unread")).to_have_count(1)

    # mark all read: no count left
    tab.get_by_role("button", name="Tandai semua sudah dibaca").click()
    expect(tab.get_by_text("1 notifikasi ditandai sudah dibaca.")).to_be_visible()
    expect(tab.get_by_role("link", name="Notifikasi", exact=True)).to_be_visible()
    expect(tab.locator(".notification--unread")).to_have_count(0)
    fits_the_phone(tab)
    axe_check(tab, "inbox, all read")
    tab.screenshot(path=screenshot_dir / "notifications-inbox-read-360.png", full_page=True)

    # open the order from its notification
    tab.get_by_role("button", name=f"Buka Pesanan baru {order.number} untuk Desa Sabrang").click()
    expect(tab.get_by_role("heading", name=f"Pesanan {order.number}")).to_be_visible()
    assert tab.url.endswith(f"/dasbor/pesanan/{order.pk}/")

    assert not Notification.objects.filter(user=sabrang_ketua.user, read_at=None).exists()
    context.close()
    assert tab.errors == []
