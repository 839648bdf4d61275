"""A buyer downloads her data and deletes her account on her phone (/akun/data/), as a person does."""

import json

import pytest
from playwright.sync_api import expect

from members.models import User
from orders.models import Order
from orders.services import Actor, order_transition
from tests.browser import fits_the_phone, phone_tab
from tests.factories import ProductFactory, UserFactory, verified
from tests.orders.helpers import configured_village, place

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_a_buyer_downloads_her_data_then_deletes_her_account(browser, live_server, axe_check):
    # Given a buyer with an account and one cancelled order
    buyer = verified(UserFactory(email="rina@contoh.test"))
    order = place({ProductFactory(shop=configured_village("sabrang"), stock=5): 1}, user=buyer).orders.get()
    order_transition(order=order, to=Order.Status.CANCELLED, actor=Actor("buyer", "Pembeli", buyer))
    context, tab = phone_tab(browser, live_server, buyer)
    try:
        tab.goto("/akun/data/")
        expect(tab.get_by_role("heading", name="Data saya")).to_be_visible()
        fits_the_phone(tab)
        axe_check(tab, "/akun/data/")
        # she downloads her copy
        with tab.expect_download() as download_info:
            tab.get_by_role("link", name="Unduh data saya").click()
        data = json.loads(open(download_info.value.path(), encoding="utf-8").read())
        assert data["orders"]["placed"][0]["number"] == order.number
        # pressing delete without ticking the box explains itself
        tab.get_by_role("button", name="Hapus akun saya sekarang").click()
        expect(tab.get_by_text("Centang kotak ini jika Anda yakin ingin menghapus akun.")).to_be_visible()
        tab.errors.clear()  # the refused form answers 400, as it should
        axe_check(tab, "/akun/data/ (error)")
        # then ticks it and deletes
        tab.get_by_label("Saya mengerti: akun saya dihapus dan tidak bisa dikembalikan.").check()
        tab.get_by_role("button", name="Hapus akun saya sekarang").click()
        expect(tab.get_by_text("Akun Anda sudah dihapus. Terima kasih.")).to_be_visible()
        assert tab.errors == []
    finally:
        context.close()
    assert not User.objects.filter(email="rina@contoh.test").exists()
    order.refresh_from_db()
    assert order.buyer_name == "Pembeli (akun dihapus)"
