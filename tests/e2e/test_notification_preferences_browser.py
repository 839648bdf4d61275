"""On a 360 px phone: a buyer turns review reminders off from her account and finds her data page; a
guest stops a kind of email by its link."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from notifications import unsubscribe
from notifications.models import OptOut
from tests.browser import fits_the_phone, log_in, phone_tab
from tests.factories import UserFactory, verified

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_buyer_turns_off_review_reminders_and_opens_her_data_page(
    browser, live_server, axe_check, screenshot_dir
):
    rina = verified(UserFactory(email="rina@contoh.test", password="rahasia-123"))

    ctx, page = phone_tab(browser, live_server)
    log_in(page, "rina@contoh.test", "rahasia-123")
    expect(page.get_by_role("heading", name="Akun saya")).to_be_visible()

    page.get_by_role("link", name="Pengaturan notifikasi").click()
    expect(page.get_by_role("heading", name="Pengaturan notifikasi")).to_be_visible()
    money = page.get_by_role("group", name="Pembayaran dan pembatalan pesanan")
    expect(money.get_by_text("Selalu dikirim", exact=True)).to_be_visible()
    reminders = page.get_by_role("group", name="Pengingat ulasan")
    expect(reminders.get_by_label("Email")).to_be_checked()
    fits_the_phone(page)
    axe_check(page, "notification preferences")

    reminders.get_by_label("Email").uncheck()
    reminders.get_by_label("Notifikasi di situs").uncheck()
    page.get_by_role("button", name="Simpan pengaturan").click()

    expect(page.get_by_text("Pengaturan notifikasi tersimpan.")).to_be_visible()
    reminders = page.get_by_role("group", name="Pengingat ulasan")
    expect(reminders.get_by_label("Email")).not_to_be_checked()
    expect(page.get_by_role("group", name="Perjalanan pesanan").get_by_label("Email")).to_be_checked()
    fits_the_phone(page)
    page.screenshot(path=screenshot_dir / "notification-preferences-360.png", full_page=True)
    assert sorted(OptOut.objects.values_list("user", "topic", "channel")) == [
        (rina.pk, "review_reminders", "email"),
        (rina.pk, "review_reminders", "in_app"),
    ]

    # back on her account, the data export and deletion page is one visible link away
    page.get_by_role("link", name="← Akun saya").click()
    link = page.get_by_role("link", name="Unduh data saya atau hapus akun")
    expect(link).to_be_visible()
    link.click()
    expect(page.get_by_role("heading", name="Data saya")).to_be_visible()
    expect(page.get_by_role("link", name="Unduh data saya", exact=True)).to_be_visible()
    fits_the_phone(page)
    axe_check(page, "buyer data page")
    assert page.errors == []
    ctx.close()


def test_a_guest_unsubscribes_from_an_email_link_without_logging_in(browser, live_server, axe_check):
    link = unsubscribe.url_for(recipient_key="email:rina@contoh.test", topic="review_reminders")
    path = urlsplit(link).path

    ctx, page = phone_tab(browser, live_server)
    page.goto(path)
    expect(
        page.get_by_text("Berhenti menerima email “Pengingat ulasan” dari Desbumi Market?")
    ).to_be_visible()
    expect(page.get_by_text("Pesan tentang pembayaran dan pembatalan pesanan tetap dikirim.")).to_be_visible()
    fits_the_phone(page)
    axe_check(page, "unsubscribe question")
    assert not OptOut.objects.exists()

    page.get_by_role("button", name="Ya, berhenti").click()

    expect(page.get_by_role("status")).to_have_text(
        "Selesai. Anda tidak akan lagi menerima email “Pengingat ulasan”."
    )
    fits_the_phone(page)
    axe_check(page, "unsubscribed")
    assert list(OptOut.objects.values_list("recipient_key", "topic", "channel")) == [
        ("email:rina@contoh.test", "review_reminders", "email")
    ]
    assert page.errors == []
    ctx.close()
