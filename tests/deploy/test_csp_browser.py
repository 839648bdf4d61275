"""The enforced Content-Security-Policy breaks nothing a person uses, and stops injected script."""

import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from members.models import MemberProfile
from orders.models import Order
from tests.factories import (
    PASSWORD,
    ProductFactory,
    UserFactory,
    add_photo,
    category,
    member_with_account,
    verified,
)
from tests.orders.helpers import configured_village, place

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

# Runs before any script of the page: every violation is kept for the test to read.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push({
    directive: event.violatedDirective,
    blocked: event.blockedURI,
    source: event.sourceFile,
    line: event.lineNumber,
    sample: event.sample,
  });
}, true);
"""


@pytest.fixture
def marketplace():
    sabrang = configured_village("sabrang")
    category("masker"), category("apd")
    ketua = member_with_account(shop="sabrang", role=MemberProfile.Role.KETUA, display_name="Bu Ketua")
    kunyit = ProductFactory(shop=sabrang, made_by=ketua, category=category("jamu"), name="Jamu Kunyit Asam")
    add_photo(kunyit, alt="Botol jamu kunyit asam")
    order = place({kunyit: 1}).orders.get()
    staff = verified(UserFactory(email="admin@migrantcare.test", is_staff=True, is_superuser=True))
    return {"shop": sabrang, "ketua": ketua, "product": kunyit, "order": order, "staff": staff}


def context_for(browser, live_server, user=None):
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, base_url=live_server.url, locale="id-ID"
    )
    context.set_default_timeout(15_000)
    context.add_init_script(RECORD_VIOLATIONS)
    if user is not None:
        client = Client()
        client.force_login(user)
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                }
            ]
        )
    return context


def visit(tab, path, *, lands_on=None):
    """Open `path` (which may redirect to `lands_on`), let its scripts run, return its CSP violations."""
    response = tab.goto(path)
    assert response.status == 200, path
    assert urlsplit(tab.url).path == urlsplit(lands_on or path).path, f"{path} went to {tab.url}"
    tab.wait_for_load_state("load")
    csp = response.headers["content-security-policy"]
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp, csp
    return tab.evaluate("window.__cspViolations")


def test_key_pages_load_under_the_production_csp_without_a_violation(browser, live_server, marketplace):
    assert settings.DEBUG is False
    product, shop, order = marketplace["product"], marketplace["shop"], marketplace["order"]
    violations = {}

    # a buyer
    context = context_for(browser, live_server)
    tab = context.new_page()
    for path in ("/", "/cari/?q=jamu", shop.get_absolute_url(), product.get_absolute_url(), "/akun/login/"):
        violations[path] = visit(tab, path)
    tab.goto(product.get_absolute_url())
    tab.get_by_role("button", name=re.compile("keranjang", re.IGNORECASE)).first.click()
    expect(tab).to_have_url(re.compile("/keranjang/$"))
    violations["/keranjang/"] = tab.evaluate("window.__cspViolations")
    violations["/checkout/"] = visit(tab, "/checkout/")
    violations["order page"] = visit(tab, f"/pesanan/{order.access_token}/")
    violations["/admin/login/"] = visit(tab, "/admin/login/", lands_on="/akun/login/")
    # the recorder itself works: an inline style attribute is a violation
    tab.evaluate("document.body.insertAdjacentHTML('beforeend', '<p style=\"color: red\">x</p>')")
    expect(tab.locator("p[style]")).to_have_count(1)
    tab.wait_for_function("window.__cspViolations.length > 0")
    assert tab.evaluate("window.__cspViolations")[0]["directive"].startswith("style-src")
    context.close()

    # the ketua of the village, in her dashboard
    context = context_for(browser, live_server, marketplace["ketua"].user)
    tab = context.new_page()
    violations["/dasbor/"] = visit(tab, "/dasbor/", lands_on="/dasbor/produk/")
    for path in (
        "/dasbor/produk/",
        "/dasbor/produk/baru/",
        f"/dasbor/produk/{product.pk}/",
        "/dasbor/pesanan/",
        f"/dasbor/pesanan/{order.pk}/",
        "/dasbor/desa/",
        "/dasbor/anggota/",
        "/dasbor/profil/",
    ):
        violations[path] = visit(tab, path)
    context.close()

    # Migrant CARE staff in the Django admin
    context = context_for(browser, live_server, marketplace["staff"])
    tab = context.new_page()
    for path in (
        "/admin/",
        "/admin/products/product/",
        f"/admin/products/product/{product.pk}/change/",
        "/admin/products/product/add/",
        "/admin/orders/order/",
        f"/admin/orders/order/{order.pk}/change/",
        "/admin/members/memberprofile/",
        f"/admin/members/memberprofile/{marketplace['ketua'].pk}/change/",
        f"/admin/shops/shop/{shop.pk}/change/",
        "/admin/members/user/add/",
        "/admin/laporan/",
        "/admin/laporan/anggota/",
        "/admin/laporan/produk/",
        "/admin/laporan/anggota-aktif/",
    ):
        violations[path] = visit(tab, path)
    # the admin's own scripts: the date picker and the "Now" shortcut of a date-time widget
    tab.goto(f"/admin/products/product/{product.pk}/change/")
    calendar = tab.locator(".datetimeshortcuts a").first
    if calendar.count():
        calendar.click()
    violations["admin widgets"] = tab.evaluate("window.__cspViolations")
    context.close()

    assert {path: found for path, found in violations.items() if found} == {}
    assert Order.objects.count() == 1


def test_a_script_in_a_product_description_is_shown_as_text(browser, live_server, marketplace):
    product = marketplace["product"]
    product.description = "Segar. <script>alert(1)</script><img src=x onerror=alert(2)>"
    product.save()
    context = context_for(browser, live_server)
    tab = context.new_page()
    dialogs = []
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    tab.goto(product.get_absolute_url())
    expect(tab.get_by_text("<script>alert(1)</script>", exact=False)).to_be_visible()
    tab.wait_for_timeout(300)
    assert dialogs == []
    assert tab.evaluate("document.querySelectorAll('main script').length") == 0
    context.close()


def test_login_page_works_in_the_browser_under_the_csp(browser, live_server, marketplace):
    context = context_for(browser, live_server)
    tab = context.new_page()
    tab.goto("/akun/login/")
    tab.get_by_label(re.compile("email", re.IGNORECASE)).fill(marketplace["ketua"].user.email)
    tab.get_by_label(re.compile("sandi", re.IGNORECASE)).first.fill(PASSWORD)
    tab.get_by_role("button", name=re.compile("Masuk")).click()
    expect(tab).to_have_url(re.compile("/dasbor/"))
    assert tab.evaluate("window.__cspViolations") == []
    context.close()
