"""Shared set-up for buying tests: villages with delivery/payment options, and placing orders."""

import uuid

from orders.models import Order
from orders.services import BuyerDetails, ShopChoice, order_place
from products.models import ProductVariant
from products.services import VariantRow, product_variants_set
from tests.factories import ProductFactory, village

BUYER = BuyerDetails(
    name="Bu Rina",
    phone="+6281234567890",
    email="rina@contoh.test",
    address_line="Jl. Mawar 5 RT 02/RW 03",
    address_village="Sumbersari",
    address_district="Sumbersari",
    address_city="Kabupaten Jember",
    address_province="Jawa Timur",
    address_postcode="68121",
)


def configured_village(slug="sabrang", **overrides):
    shop = village(slug)
    options = {
        "offers_pickup": True,
        "pickup_address": "Balai Desa",
        "offers_local_delivery": True,
        "local_delivery_fee": 5000,
        "local_delivery_area": "Kec. Ambulu",
        "offers_courier": True,
        "courier_fee_jember": 10000,
        "courier_fee_jatim": 18000,
        "courier_fee_jawa": 25000,
        "courier_fee_luar_jawa": 45000,
        "accepts_transfer": True,
        "bank_name": "BRI",
        "bank_account_number": "0123-01-000123-50-1",
        "bank_account_name": f"Kelompok Desbumi {shop.name}",
        "accepts_cod": True,
        "accepts_qris": False,
        "whatsapp": "+6281200000001",
        "order_code": slug[:3].upper(),
    }
    options.update(overrides)
    for name, value in options.items():
        setattr(shop, name, value)
    shop.save()
    return shop


def place(lines, choices=None, token=None, buyer=BUYER, user=None):
    """
    Place an order for {product or variant: qty}; choices default to courier + transfer for every
    village.
    """
    shops = {p.product.shop_id if isinstance(p, ProductVariant) else p.shop_id for p in lines}
    choices = choices or {
        shop_id: ShopChoice(Order.Delivery.COURIER, Order.Payment.TRANSFER) for shop_id in shops
    }
    return order_place(
        token=token or uuid.uuid4().hex,
        lines={_key(p): qty for p, qty in lines.items()},
        buyer=buyer,
        choices=choices,
        user=user,
    )


def place_order(
    product, quantity=1, *, delivery=Order.Delivery.COURIER, payment=Order.Payment.TRANSFER, buyer=BUYER
):
    """The one order placed for `quantity` of `product`, delivered and paid as asked."""
    choices = {product.shop_id: ShopChoice(delivery, payment)}
    return place({product: quantity}, choices=choices, buyer=buyer).orders.get()


def _key(item):
    return (item.product_id, item.pk) if isinstance(item, ProductVariant) else item.pk


def product(shop, **fields):
    return ProductFactory(shop=shop, **fields)


def sized(shop, sizes: dict[str, tuple[int, int]], option="Ukuran", **fields):
    """A product sold in sizes: {label: (price, stock)}; returns (product, {label: variant})."""
    item = ProductFactory(shop=shop, **fields)
    product_variants_set(
        product=item,
        option1_name=option,
        rows=[VariantRow(label, *figures) for label, figures in sizes.items()],
    )
    return item, {v.option1: v for v in item.variants.all()}


# What a buyer types at /checkout/ (the phone as people type it).
CHECKOUT_FIELDS = {
    "name": "Bu Rina",
    "phone": "0812-3456-7890",
    "email": "rina@contoh.test",
    "address_line": "Jl. Mawar 5",
    "address_city": "Kabupaten Jember",
    "address_province": "Jawa Timur",
}


def checkout_data(client, **overrides):
    """The checkout form as a buyer fills it: her details, courier and transfer for every village."""
    response = client.get("/checkout/")
    assert response.status_code == 200
    data = {
        "token": response.context["form"].initial["token"],
        # the prices the page showed her (a price changed since is shown again, not charged)
        "seen": response.context["seen"],
        **CHECKOUT_FIELDS,
    }
    for group in response.context["groups"]:
        data[f"delivery_{group.shop.pk}"] = "courier"
        data[f"payment_{group.shop.pk}"] = "transfer"
    return {**data, **overrides}
