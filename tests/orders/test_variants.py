"""Buying one size of a product (issue #16): stock, money and order lines per variant."""

from datetime import timedelta

import pytest
from django.utils import timezone

from orders.cart import Cart
from orders.exceptions import InsufficientStock, PriceChanged
from orders.models import Order
from orders.services import Actor, order_expire_unpaid, order_reorder, order_transition
from products.models import Product, ProductVariant
from tests.factories import category
from tests.orders.helpers import checkout_data, configured_village, place, product, sized

pytestmark = pytest.mark.django_db
S = Order.Status
VILLAGE = Actor("village", "Ketua Sabrang")
BUYER_ACTOR = Actor("buyer", "Pembeli")


@pytest.fixture
def gown():
    shop = configured_village("sabrang")
    item, sizes = sized(
        shop,
        {"S": (45000, 3), "M": (50000, 5), "L": (55000, 2)},
        name="Gaun APD",
        category=category("apd"),
    )
    return item, sizes


def stocks(item):
    item.refresh_from_db()
    return item.stock, dict(item.variants.values_list("option1", "stock"))


def test_buying_a_size_takes_its_stock_only_and_the_line_keeps_its_label_and_price(gown):
    item, sizes = gown
    order = place({sizes["L"]: 2}).orders.get()
    assert stocks(item) == (8, {"S": 3, "M": 5, "L": 0})
    line = order.items.get()
    assert (line.product, line.variant, line.product_name, line.variant_label) == (
        item,
        sizes["L"],
        "Gaun APD",
        "L",
    )
    assert (line.unit_price, line.quantity, line.line_total, line.made_by) == (55000, 2, 110000, item.made_by)
    assert order.items_total == 110000
    assert str(line) == "2 × Gaun APD (L)"


def test_the_label_stays_on_the_order_when_the_size_is_renamed_or_removed(gown):
    _item, sizes = gown
    order = place({sizes["M"]: 1}).orders.get()
    ProductVariant.objects.filter(pk=sizes["M"].pk).delete()
    line = order.items.get()
    assert (line.variant, line.full_name, line.unit_price) == (None, "Gaun APD (M)", 50000)


def test_more_than_a_size_has_is_refused_and_nothing_changes(gown):
    item, sizes = gown
    with pytest.raises(InsufficientStock) as caught:
        place({sizes["L"]: 3, sizes["S"]: 1})
    [shortage] = caught.value.shortages
    assert (shortage.name, shortage.requested, shortage.available, shortage.key) == (
        "Gaun APD (L)",
        3,
        2,
        (item.pk, sizes["L"].pk),
    )
    assert stocks(item) == (10, {"S": 3, "M": 5, "L": 2})
    assert Order.objects.count() == 0


def test_a_product_with_sizes_cannot_be_bought_without_picking_one(gown):
    item, _sizes = gown
    with pytest.raises(InsufficientStock):
        place({item: 1})
    assert stocks(item) == (10, {"S": 3, "M": 5, "L": 2})


def test_a_size_of_another_product_is_refused(gown):
    item, sizes = gown
    other = product(item.shop, stock=10)
    from orders.services import order_place
    from tests.orders.helpers import BUYER

    with pytest.raises(InsufficientStock):
        order_place(token="x" * 32, lines={(other.pk, sizes["S"].pk): 1}, buyer=BUYER, choices={})
    assert stocks(item)[1]["S"] == 3
    assert Product.objects.get(pk=other.pk).stock == 10


def test_the_price_she_saw_is_checked_per_size(gown):
    item, sizes = gown
    ProductVariant.objects.filter(pk=sizes["L"].pk).update(price=60000)
    from orders.services import order_place
    from tests.orders.helpers import BUYER

    with pytest.raises(PriceChanged) as caught:
        order_place(
            token="y" * 32,
            lines={(item.pk, sizes["L"].pk): 1},
            prices={(item.pk, sizes["L"].pk): 55000},
            buyer=BUYER,
            choices={},
        )
    [change] = caught.value.changes
    assert (change.name, change.seen, change.now) == ("Gaun APD (L)", 55000, 60000)
    assert stocks(item)[1]["L"] == 2


def test_cancelling_and_expiring_give_each_size_its_stock_back(gown):
    item, sizes = gown
    cancelled = place({sizes["S"]: 2, sizes["L"]: 1}).orders.get()
    expiring = place({sizes["M"]: 4}).orders.get()
    assert stocks(item) == (3, {"S": 1, "M": 1, "L": 1})
    order_transition(order=cancelled, to=S.CANCELLED, actor=BUYER_ACTOR)
    Order.objects.filter(pk=expiring.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert order_expire_unpaid() == 1
    assert stocks(item) == (10, {"S": 3, "M": 5, "L": 2})


def test_a_cancelled_line_whose_size_was_removed_leaves_the_total_equal_to_the_sizes(gown):
    item, sizes = gown
    order = place({sizes["M"]: 2}).orders.get()
    from products.services import VariantRow, product_variants_set

    product_variants_set(
        product=item,
        option1_name="Ukuran",
        rows=[VariantRow("S", 45000, None, id=sizes["S"].pk), VariantRow("L", 55000, None, id=sizes["L"].pk)],
    )
    order_transition(order=order, to=S.CANCELLED, actor=BUYER_ACTOR)
    assert stocks(item) == (5, {"S": 3, "L": 2})


def test_completing_counts_the_sale_on_the_product(gown):
    item, sizes = gown
    order = place({sizes["L"]: 2}).orders.get()
    for to in (S.PAID, S.PACKED):
        order = order_transition(order=order, to=to, actor=VILLAGE)
    order = order_transition(
        order=order, to=S.SHIPPED, actor=VILLAGE, tracking_number="JNE1", courier_name="JNE"
    )
    order_transition(order=order, to=S.COMPLETED, actor=BUYER_ACTOR)
    item.refresh_from_db()
    assert item.sold_count == 2
    assert stocks(item) == (8, {"S": 3, "M": 5, "L": 0})


def test_reordering_puts_the_same_size_back_in_the_cart(gown, client):
    item, sizes = gown
    order = place({sizes["M"]: 2}).orders.get()
    client.get("/")
    session = client.session
    cart = Cart(session)
    assert order_reorder(order=order, cart=cart) == []
    assert cart.items == {(item.pk, sizes["M"].pk): 2}
    assert session["cart"] == {f"{item.pk}-{sizes['M'].pk}": 2}


# ---------------------------------------------------------------------------------------------
# Through the pages
# ---------------------------------------------------------------------------------------------
def test_the_page_offers_sizes_in_stock_and_lists_sold_out_ones(client, gown):
    item, sizes = gown
    ProductVariant.objects.filter(pk=sizes["M"].pk).update(stock=0)
    html = client.get(item.get_absolute_url()).content.decode()
    assert "mulai Rp45.000" in html
    assert f'name="variant" value="{sizes["S"].pk}"' in html
    assert f'name="variant" value="{sizes["L"].pk}"' in html
    assert f'value="{sizes["M"].pk}"' not in html
    assert "habis" in html
    assert 'name="csrfmiddlewaretoken"' not in html  # still cacheable


def test_the_catalog_card_says_mulai_for_a_price_range(client, gown):
    html = client.get("/desa/sabrang/").content.decode()
    assert "mulai Rp45.000" in html


def test_a_buyer_picks_l_and_checks_out(client, gown):
    item, sizes = gown
    response = client.post(
        "/keranjang/tambah/", {"product": item.pk, "variant": sizes["L"].pk, "quantity": 1}
    )
    assert response.status_code == 302
    assert client.session["cart"] == {f"{item.pk}-{sizes['L'].pk}": 1}
    cart = client.get("/keranjang/").content.decode()
    assert "Ukuran: L" in cart and "Rp55.000" in cart
    response = client.post("/checkout/", checkout_data(client))
    assert response.status_code == 302
    line = Order.objects.get().items.get()
    assert (line.variant_label, line.unit_price) == ("L", 55000)
    assert client.session["cart"] == {}
    assert stocks(item) == (9, {"S": 3, "M": 5, "L": 1})


def test_adding_without_a_size_sends_her_back_to_pick_one(client, gown):
    item, _sizes = gown
    response = client.post("/keranjang/tambah/", {"product": item.pk, "quantity": 1}, follow=True)
    assert response.redirect_chain[-1][0] == item.get_absolute_url()
    assert "Pilih ukuran dulu." in response.content.decode()
    assert client.session.get("cart", {}) == {}


def test_a_size_of_another_product_cannot_be_added(client, gown):
    item, _sizes = gown
    _other, other_sizes = sized(item.shop, {"XL": (1000, 9)})
    client.post("/keranjang/tambah/", {"product": item.pk, "variant": other_sizes["XL"].pk, "quantity": 1})
    assert client.session.get("cart", {}) == {}


def test_two_sizes_are_two_cart_lines_updated_and_removed_separately(client, gown):
    item, sizes = gown
    for label in ("S", "L"):
        client.post("/keranjang/tambah/", {"product": item.pk, "variant": sizes[label].pk, "quantity": 1})
    s_key, l_key = f"{item.pk}-{sizes['S'].pk}", f"{item.pk}-{sizes['L'].pk}"
    client.post("/keranjang/ubah/", {f"qty_{s_key}": "3"})
    assert client.session["cart"] == {s_key: 3, l_key: 1}
    client.post("/keranjang/ubah/", {"remove": l_key})
    assert client.session["cart"] == {s_key: 3}


def test_stock_short_for_a_size_at_checkout_cuts_only_that_line(client, gown):
    item, sizes = gown
    client.post("/keranjang/tambah/", {"product": item.pk, "variant": sizes["M"].pk, "quantity": 4})
    data = checkout_data(client)
    ProductVariant.objects.filter(pk=sizes["M"].pk).update(stock=1)
    response = client.post("/checkout/", data)
    assert response.status_code == 409
    assert "Gaun APD (M): Anda minta 4, tersisa 1." in response.content.decode()
    assert client.session["cart"] == {f"{item.pk}-{sizes['M'].pk}": 1}
    assert Order.objects.count() == 0


def test_low_stock_is_told_per_size(gown):
    from notifications.models import Event
    from products.notifications import ProductKind

    item, sizes = gown  # S 3, M 5, L 2; the low level is 3
    place({sizes["M"]: 2})  # M 5 → 3: told
    place({sizes["L"]: 2})  # L 2 → 0: sold out, told
    place({sizes["S"]: 1})  # S 3 → 2: already at the low level when the size was made, not told
    events = Event.objects.filter(kind=ProductKind.STOCK_LOW).order_by("pk")
    assert [(e.subject_id, e.payload) for e in events] == [
        (item.pk, {"name": "Gaun APD (M)", "stock": 3}),
        (item.pk, {"name": "Gaun APD (L)", "stock": 0}),
    ]


def test_someone_waiting_for_a_sold_out_gown_is_told_when_any_size_is_back(gown):
    from products.models import StockAlert
    from products.services import variant_set_stock

    item, sizes = gown
    place({sizes["S"]: 3, sizes["M"]: 5, sizes["L"]: 2})
    item.refresh_from_db()
    assert item.stock == 0
    alert = StockAlert.objects.create(product=item, email="rina@contoh.test", confirmed_at=timezone.now())
    variant_set_stock(variant=ProductVariant.objects.get(pk=sizes["M"].pk), stock=4)
    alert.refresh_from_db()
    assert alert.notified_at is not None


def test_a_cart_line_from_before_the_sizes_asks_her_to_pick_one(client, gown):
    item, _sizes = gown
    session = client.session
    session["cart"] = {str(item.pk): 1}  # put in the cart while the gown was sold as one
    session.save()
    response = client.get("/keranjang/")
    assert "Sekarang ada pilihan ukuran: pilih dulu di halaman produk." in response.content.decode()
    assert response.context["can_checkout"] is False
    assert client.get("/checkout/")["Location"] == "/keranjang/"
    assert Order.objects.count() == 0
