"""Sizes (issue #16): a product's variants, and the summaries its catalog card reads."""

import pytest
from django.core.exceptions import PermissionDenied

from products.models import Product, ProductVariant
from products.services import (
    VariantRow,
    product_set_stock,
    product_variants_set,
    variant_set_stock,
)
from tests.factories import MemberFactory, ProductFactory, category, village

pytestmark = pytest.mark.django_db


def gown(**fields):
    product = ProductFactory(name="Gaun APD", category=category("apd"), price=50000, stock=7, **fields)
    return product_variants_set(
        product=product,
        option1_name="Ukuran",
        rows=[VariantRow("S", 45000, 3), VariantRow("M", 50000, 5), VariantRow("L", 55000, 2)],
    )


def test_sizes_give_the_product_its_lowest_price_and_total_stock():
    product = gown()
    product.refresh_from_db()
    assert (product.option1_name, product.price, product.stock, product.price_varies) == (
        "Ukuran",
        45000,
        10,
        True,
    )
    assert [(v.label, v.price, v.stock, v.position) for v in product.variants.all()] == [
        ("S", 45000, 3, 0),
        ("M", 50000, 5, 1),
        ("L", 55000, 2, 2),
    ]


def test_one_price_for_every_size_is_not_shown_as_a_range():
    product = ProductFactory(price=30000)
    product_variants_set(
        product=product,
        option1_name="Isi",
        rows=[VariantRow("250 ml", 30000, 1), VariantRow("1 L", 30000, 1)],
    )
    product.refresh_from_db()
    assert (product.price, product.price_varies, product.stock) == (30000, False, 2)


def test_editing_keeps_a_stock_she_did_not_change_and_removes_sizes_she_left_out():
    product = gown()
    s, m, l_ = product.variants.order_by("position")
    ProductVariant.objects.filter(pk=m.pk).update(stock=4)  # a sale meanwhile
    product_variants_set(
        product=product,
        option1_name="Ukuran",
        rows=[VariantRow("S", 45000, None, id=s.pk), VariantRow("M", 52000, None, id=m.pk)],
    )
    product.refresh_from_db()
    assert [(v.label, v.price, v.stock) for v in product.variants.all()] == [("S", 45000, 3), ("M", 52000, 4)]
    assert (product.price, product.stock) == (45000, 7)
    assert not ProductVariant.objects.filter(pk=l_.pk).exists()


def test_two_options_make_a_label_of_both():
    product = ProductFactory()
    product_variants_set(
        product=product,
        option1_name="Isi",
        option2_name="Rasa",
        rows=[VariantRow("250 ml", 15000, 4, option2="Jahe"), VariantRow("1 L", 50000, 1, option2="Kunyit")],
    )
    assert [v.label for v in product.variants.all()] == ["250 ml / Jahe", "1 L / Kunyit"]
    assert product.option_names == ["Isi", "Rasa"]


def test_a_repeated_size_is_refused_and_nothing_changes():
    product = gown()
    with pytest.raises(ValueError):
        product_variants_set(
            product=product, option1_name="Ukuran", rows=[VariantRow("S", 1000, 1), VariantRow("S", 2000, 1)]
        )
    assert product.variants.count() == 3


def test_no_sizes_any_more_sells_the_product_as_itself_at_its_summary():
    product = gown()
    product_variants_set(product=product, option1_name="", rows=[])
    product.refresh_from_db()
    assert (product.has_variants, product.price, product.stock, product.price_varies) == (
        False,
        45000,
        10,
        False,
    )
    assert not product.variants.exists()


def test_counting_one_size_changes_only_it_and_the_total():
    product = gown()
    m = product.variants.get(option1="M")
    variant_set_stock(variant=m, stock=9)
    product.refresh_from_db()
    assert list(product.variants.values_list("option1", "stock")) == [("S", 3), ("M", 9), ("L", 2)]
    assert product.stock == 14


def test_a_product_with_sizes_is_counted_per_size_only():
    product = gown()
    with pytest.raises(ValueError):
        product_set_stock(product=product, stock=3)
    product.refresh_from_db()
    assert product.stock == 10


def test_an_anggota_cannot_change_the_sizes_of_another_members_product():
    product = gown(shop=village("sabrang"))
    other = MemberFactory(shop=product.shop)
    with pytest.raises(PermissionDenied):
        variant_set_stock(variant=product.variants.first(), stock=0, by=other)
    with pytest.raises(PermissionDenied):
        product_variants_set(product=product, option1_name="Ukuran", rows=[], by=other)
    assert Product.objects.get(pk=product.pk).stock == 10


def test_the_database_refuses_a_negative_variant_stock():
    from django.db import IntegrityError, transaction

    product = gown()
    with pytest.raises(IntegrityError), transaction.atomic():
        ProductVariant.objects.filter(product=product).update(stock=-1)
