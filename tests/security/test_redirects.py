"""Every redirect target taken from a request stays on the site (issue #11, item 2)."""

import pytest
from django.urls import reverse

from products.models import Product
from tests.factories import ProductFactory, make_staff, member_with_account

pytestmark = pytest.mark.django_db

OFF_SITE = [
    "https://evil.example/",
    "//evil.example/",
    "https:evil.example",
    "http://evil.example/dasbor/",
    "/\\evil.example",
    "\\\\evil.example",
    "https://testserver@evil.example/",
    " //evil.example",
]


@pytest.mark.parametrize("target", OFF_SITE)
def test_cart_add_with_an_off_site_next_goes_to_the_cart(client, target):
    # Given a form error (no product) and an off-site next
    # When the cart form is posted
    response = client.post(reverse("orders:cart_add"), {"product": "", "quantity": "1", "next": target})
    # Then the buyer stays on the site
    assert response.status_code == 302
    assert response["Location"] == reverse("orders:cart")


def test_cart_add_follows_a_next_on_the_site(client):
    response = client.post(reverse("orders:cart_add"), {"product": "", "quantity": "1", "next": "/produk/x/"})
    assert response["Location"] == "/produk/x/"


@pytest.mark.parametrize("target", OFF_SITE)
def test_product_action_with_an_off_site_next_goes_to_the_dashboard(client, target):
    member = member_with_account()
    product = ProductFactory(shop=member.shop, made_by=member, status=Product.Status.PUBLISHED)
    client.force_login(member.user)
    response = client.post(
        reverse("products:dashboard_action", args=[product.pk, "sembunyikan"]), {"next": target}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("products:dashboard")
    product.refresh_from_db()
    assert product.status == Product.Status.DRAFT


def test_product_action_follows_a_next_on_the_site(client):
    member = member_with_account()
    product = ProductFactory(shop=member.shop, made_by=member, status=Product.Status.PUBLISHED)
    client.force_login(member.user)
    target = reverse("products:dashboard") + "?status=draft"
    response = client.post(
        reverse("products:dashboard_action", args=[product.pk, "sembunyikan"]), {"next": target}
    )
    assert response["Location"] == target


@pytest.mark.parametrize("target", OFF_SITE)
def test_admin_login_of_a_signed_in_staff_member_never_leaves_the_site(client, target):
    client.force_login(make_staff())
    response = client.get(reverse("admin:login"), {"next": target})
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


@pytest.mark.parametrize("target", OFF_SITE)
def test_login_with_an_off_site_next_lands_on_the_site(client, target):
    member = member_with_account(email="ani@contoh.test")
    response = client.post(
        reverse("account_login") + "?next=" + target,
        {"login": "ani@contoh.test", "password": "rahasia-123", "next": target},
    )
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]
    assert response["Location"].startswith("/")
    assert member.user.pk == int(client.session["_auth_user_id"])
