"""No lost updates: the product form writes only what she changed since she opened it."""

import json

import pytest
from django.db.models import F

from members.models import MemberProfile
from products.models import Product
from tests.factories import ProductFactory, member_with_account
from tests.products.helpers import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def ketua_and_product(client):
    ketua = member_with_account(role=MemberProfile.Role.KETUA)
    product = ProductFactory(
        shop=ketua.shop,
        made_by=ketua,
        stock=47,
        price=25000,
        description="Lama.",
        status=Product.Status.DRAFT,
    )
    client.force_login(ketua.user)
    return ketua, product


def _open_form(client, product):
    """The form as her phone got it: every field's shown value, the hidden snapshot included."""
    form = client.get(f"/dasbor/produk/{product.pk}/").context["form"]
    data = form_data(action="draft")
    data.update({name: form[name].value() for name in ("name", "category", "made_by", "price", "stock")})
    data.update({name: form[name].value() or "" for name in ("unit", "weight_grams", "description")})
    permits = ("pirt_number", "bpom_number", "halal_status", "halal_number", "production_date", "expiry_date")
    data.update({name: form[name].value() or "" for name in permits})
    data["seen"] = form["seen"].value()
    return data


def _sell(product, n):
    Product.objects.filter(pk=product.pk).update(stock=F("stock") - n)


def test_stock_sold_while_she_edits_the_description_stays_sold(client, ketua_and_product):
    _ketua, product = ketua_and_product
    data = _open_form(client, product)
    assert data["stock"] == 47
    _sell(product, 2)

    response = client.post(f"/dasbor/produk/{product.pk}/", {**data, "description": "Baru, lebih segar."})

    assert response.status_code == 302
    product.refresh_from_db()
    assert (product.stock, product.description, product.price) == (45, "Baru, lebih segar.", 25000)


def test_a_price_another_member_changed_is_kept_when_she_changes_only_the_name(client, ketua_and_product):
    _ketua, product = ketua_and_product
    data = _open_form(client, product)
    Product.objects.filter(pk=product.pk).update(price=30000)

    client.post(f"/dasbor/produk/{product.pk}/", {**data, "name": "Kunyit Asam Segar"})

    product.refresh_from_db()
    assert (product.name, product.price, product.stock) == ("Kunyit Asam Segar", 30000, 47)


def test_stock_she_changed_while_it_sold_is_refused_with_what_it_is_now_and_keeps_her_input(
    client, ketua_and_product
):
    _ketua, product = ketua_and_product
    data = _open_form(client, product)
    _sell(product, 2)

    response = client.post(
        f"/dasbor/produk/{product.pk}/", {**data, "stock": "50", "description": "Ditambah 3 botol."}
    )

    assert response.status_code == 409
    form = response.context["form"]
    assert [e.code for e in form.errors.as_data()["stock"]] == ["changed_meanwhile"]
    assert "“45”" in form.errors["stock"][0]
    assert (form["stock"].value(), form["description"].value()) == ("50", "Ditambah 3 botol.")
    product.refresh_from_db()
    assert (product.stock, product.description) == (45, "Lama.")  # nothing saved
    assert json.loads(form["seen"].value())["stock"] == "45"

    # She checked it: saving again (with the new snapshot the page carries) writes her 50.
    again = client.post(
        f"/dasbor/produk/{product.pk}/",
        {**data, "stock": "50", "description": "Ditambah 3 botol.", "seen": form["seen"].value()},
    )
    assert again.status_code == 302
    product.refresh_from_db()
    assert (product.stock, product.description) == (50, "Ditambah 3 botol.")


def test_the_same_change_made_meanwhile_is_no_conflict(client, ketua_and_product):
    _ketua, product = ketua_and_product
    data = _open_form(client, product)
    Product.objects.filter(pk=product.pk).update(stock=40)

    response = client.post(f"/dasbor/produk/{product.pk}/", {**data, "stock": "40"})

    assert response.status_code == 302
    product.refresh_from_db()
    assert product.stock == 40


def test_a_mangled_snapshot_falls_back_to_saving_what_was_sent(client, ketua_and_product):
    _ketua, product = ketua_and_product
    data = _open_form(client, product)
    response = client.post(f"/dasbor/produk/{product.pk}/", {**data, "stock": "12", "seen": "{not json"})
    assert response.status_code == 302
    product.refresh_from_db()
    assert product.stock == 12
