"""Attribute values the HTML validator checks: <time datetime>, autocomplete on inputs."""

import re

import pytest

from tests.orders.helpers import configured_village, place, product

pytestmark = pytest.mark.django_db

# HTML's "valid global date and time string": seconds with at most three decimals, an offset.
GLOBAL_DATETIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,3})?)?(Z|[+-]\d\d:?\d\d)$")
# Autofill names HTML allows on a one-line <input> (street-address is for a <textarea>).
MULTILINE_ONLY = {"street-address"}


def test_time_elements_on_the_order_page_carry_valid_datetimes(client):
    shop = configured_village("sabrang")
    order = place({product(shop, name="Kunyit Asam", stock=5): 1}).orders.get()

    html = client.get(order.get_absolute_url()).content.decode()

    values = re.findall(r'<time datetime="([^"]*)"', html)
    assert values and all(GLOBAL_DATETIME.match(v) for v in values), values


def test_checkout_inputs_use_autocomplete_names_allowed_on_inputs(client):
    shop = configured_village("sabrang")
    kunyit = product(shop, name="Kunyit Asam", stock=5)
    client.post("/keranjang/tambah/", {"product": kunyit.pk, "quantity": 1})

    html = client.get("/checkout/").content.decode()

    on_inputs = re.findall(r'<input[^>]*\sautocomplete="([^"]*)"', html)
    assert "address-line1" in on_inputs
    assert not set(on_inputs) & MULTILINE_ONLY
