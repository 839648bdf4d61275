"""Two real browsers against cached pages: nothing personal ever comes from the shared cache."""

import pytest
from playwright.sync_api import expect

from tests.browser import phone_tab
from tests.factories import ProductFactory, category, member_with_account, village

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.fixture(autouse=True)
def _page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 60


def _header(response):
    return response.headers.get("x-page-cache")


def test_two_visitors_never_see_each_others_cart_messages_login_or_language(browser, live_server):
    product = ProductFactory(
        shop=village("sabrang"), category=category("jamu"), name="Jamu Kunyit Asam", stock=9
    )
    member = member_with_account(shop="wonoasri", display_name="Bu Sri")
    url = product.get_absolute_url()
    ctx_a, ani = phone_tab(browser, live_server)
    ctx_b, budi = phone_tab(browser, live_server)

    # Ani, no session yet: the page is stored, and it set no cookie
    assert _header(ani.goto(url)) == "miss"
    assert _header(budi.goto(url)) == "hit"
    assert ctx_a.cookies() == [] and ctx_b.cookies() == []

    # Ani switches to English (no token in the page: same-origin POST); Budi still gets Indonesian
    ani.get_by_role("button", name="English").click()
    expect(ani.locator("html")).to_have_attribute("lang", "en")
    expect(ani.get_by_role("button", name="Add to cart")).to_be_visible()
    assert [c["name"] for c in ctx_a.cookies()] == ["django_language"]
    assert _header(budi.reload()) == "hit"
    expect(budi.locator("html")).to_have_attribute("lang", "id")
    expect(budi.get_by_role("button", name="Tambah ke keranjang")).to_be_visible()

    # Ani adds to her cart: her message and cart are hers, her pages are no longer shared
    ani.get_by_label("Quantity").fill("2")
    ani.get_by_role("button", name="Add to cart").click()
    expect(ani.get_by_text("Jamu Kunyit Asam was added to your cart.")).to_be_visible()
    response = ani.goto(url)
    assert _header(response) is None
    assert "private" in response.headers["cache-control"]
    expect(ani.locator("html")).to_have_attribute("lang", "en")

    # Budi, still without a session: Indonesian, no message, no cart of hers
    assert _header(budi.goto(url)) == "hit"
    expect(budi.locator("html")).to_have_attribute("lang", "id")
    expect(budi.get_by_text("keranjang.", exact=False)).to_have_count(0)
    expect(budi.get_by_text("added to your cart")).to_have_count(0)
    budi.goto("/keranjang/")
    expect(budi.get_by_text("Jamu Kunyit Asam")).to_have_count(0)

    # Bu Sri logs in on Budi's second browser: her own page, with her dashboard link
    ctx_m, sri = phone_tab(browser, live_server, user=member.user)
    response = sri.goto(url)
    assert _header(response) is None
    expect(sri.get_by_role("link", name="Dasbor")).to_be_visible()
    # …which never reaches Budi
    assert _header(budi.goto(url)) == "hit"
    expect(budi.get_by_role("link", name="Dasbor")).to_have_count(0)
    expect(
        budi.get_by_role("navigation", name="Menu utama").get_by_role("link", name="Masuk")
    ).to_be_visible()

    for tab in (ani, budi, sri):
        assert tab.errors == []
    for context in (ctx_a, ctx_b, ctx_m):
        context.close()
