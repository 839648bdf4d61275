"""Helpers for browser tests: a phone-sized tab, logged in through a real session cookie."""

import time

from django.conf import settings
from django.test import Client

from tests.factories import PASSWORD

PHONE = {"width": 360, "height": 740}


def phone_tab(browser, live_server, user=None, **options):
    """A 360×740 tab (logged in as `user` if given) that records every browser error in `tab.errors`."""
    context = browser.new_context(viewport=PHONE, base_url=live_server.url, locale="id-ID", **options)
    context.set_default_timeout(15_000)
    if user is not None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
    return context, recording_tab(context)


def recording_tab(context):
    """A new tab of `context` that records every browser error in `tab.errors`."""
    tab = context.new_page()
    tab.errors = []
    tab.on("pageerror", lambda exc: tab.errors.append(str(exc)))
    tab.on("console", lambda msg: tab.errors.append(msg.text) if msg.type == "error" else None)
    tab.on("response", lambda r: tab.errors.append(f"HTTP {r.status} {r.url}") if r.status >= 400 else None)
    return tab


def allow_status(tab, status):
    """The page answered `status` on purpose: the browser's report of it in `tab.errors` is no error."""
    tab.errors = [e for e in tab.errors if f"HTTP {status} " not in e and f"status of {status} " not in e]


def fits_the_phone(tab):
    assert tab.evaluate("document.documentElement.scrollWidth") <= 360


def loaded_image_width(locator):
    """The `naturalWidth` of an <img> once the browser has finished loading it (0 if it failed to decode)."""
    locator.wait_for(state="visible")
    locator.page.wait_for_function("img => img.complete", arg=locator.element_handle())
    return locator.evaluate("img => img.naturalWidth")


def wait_until(tab, condition, timeout_ms=15_000):
    """Let the tab process its events until `condition()` is true; fail after `timeout_ms`.

    Playwright delivers events such as `requestfinished` only while it is waiting, so a test that
    counts requests must wait for the count, not read it once.
    """
    deadline = time.monotonic() + timeout_ms / 1000
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout_ms} ms")
        tab.wait_for_timeout(25)


def fill_buyer(tab, *, name="Bu Rina", email="", address="Jl. Mawar 5 RT 02/RW 03"):
    """The checkout's buyer fields as a guest in Jember types them (no address for a pickup)."""
    tab.get_by_label("Nama lengkap").fill(name)
    tab.get_by_label("Nomor WhatsApp").fill("0812-3456-7890")
    if email:
        tab.get_by_label("Email (tidak wajib)").fill(email)
    if address:
        tab.get_by_label("Alamat (jalan, RT/RW, nomor rumah)").fill(address)
    tab.get_by_label("Kabupaten/Kota").fill("Kabupaten Jember")
    tab.get_by_label("Provinsi").select_option("Jawa Timur")


def choose(tab, village, delivery, payment):
    """Tick `delivery` and `payment` in the checkout's box for Desa `village`; the box."""
    box = tab.get_by_role("group", name=f"Pesanan dari Desa {village}")
    box.get_by_label(delivery).check()
    box.get_by_label(payment).check()
    return box


def log_in(tab, email: str, password: str = PASSWORD) -> None:
    """Log in through the login form, as she types her email and password."""
    tab.goto("/akun/login/")
    tab.get_by_label("Email").fill(email)
    tab.get_by_label("Kata sandi", exact=True).fill(password)
    tab.get_by_role("button", name="Masuk").click()


def confirm_pack_and_ship(desk) -> None:
    """On a village's order page: confirm the payment, mark it packed, send it by JNE with its resi."""
    desk.get_by_role("button", name="Konfirmasi pembayaran").click()
    desk.get_by_role("button", name="Dikemas").click()
    desk.get_by_label("Kurir").fill("JNE")
    desk.get_by_label("Nomor resi").fill("JNE0123456789")
    desk.get_by_role("button", name="Kirim").click()
