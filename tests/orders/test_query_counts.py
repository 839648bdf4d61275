"""Buyer pages cost the same few queries however many lines the cart or orders have."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import category
from tests.orders.helpers import configured_village, place, product, sized

pytestmark = pytest.mark.django_db
MAX_PUBLIC_QUERIES = 5


def _count(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def _plain_lines(client, shops, n):
    """`n` jamu, one of each in the cart: (the lines to order, the first product)."""
    items = [product(shops[i % 2], category=category("jamu"), stock=50) for i in range(n)]
    for item in items:
        client.post("/keranjang/tambah/", {"product": item.pk, "quantity": 1})
    return {item: 1 for item in items}, items[0]


def _sized_lines(client, shops, n):
    """`n` gowns in sizes M and L, one of each size in the cart: (the lines to order, the first gown)."""
    lines = {}
    first = None
    for i in range(n):
        item, sizes = sized(shops[i % 2], {"M": (40000, 50), "L": (45000, 50)}, category=category("apd"))
        first = first or item
        for variant in sizes.values():
            client.post("/keranjang/tambah/", {"product": item.pk, "variant": variant.pk, "quantity": 1})
            lines[variant] = 1
    return lines, first


@pytest.mark.parametrize("fill", [_plain_lines, _sized_lines], ids=["plain", "sizes"])
@pytest.mark.parametrize("page", ["cart", "checkout", "confirmation", "order", "my_orders", "product"])
def test_buyer_page_query_count_does_not_grow(client, page, fill):
    counts = []
    for n in (4, 12):  # at least two products per village, so "more from this village" has some
        client.cookies.clear()
        shops = [configured_village("sabrang"), configured_village("wonoasri")]
        lines, first = fill(client, shops, n)
        checkout = place(lines)
        order = checkout.orders.first()
        session = client.session
        session["my_checkouts"] = [checkout.access_token]
        session.save()
        url = {
            "cart": "/keranjang/",
            "checkout": "/checkout/",
            "confirmation": checkout.get_absolute_url(),
            "order": order.get_absolute_url(),
            "my_orders": "/pesanan/",
            "product": first.get_absolute_url(),
        }[page]
        counts.append(_count(client, url))
    assert counts[0] == counts[1], counts
    assert counts[1] <= MAX_PUBLIC_QUERIES, counts
