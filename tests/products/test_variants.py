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
from tests.factories import MemberFactory, ProductFactory, add_photo, category, jpeg_bytes, village
from tests.products.helpers import login, seller, upload

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


# ---------------------------------------------------------------------------------------------
# The member's phone form: "Tambah ukuran" without JavaScript
# ---------------------------------------------------------------------------------------------
def _gown_form(**overrides):
    data = {
        "name": "Gaun APD",
        "category": category("apd").pk,
        "price": "",
        "stock": "",
        "unit": "pcs",
        "weight_grams": "200",
        "description": "Gaun APD non-medis, bisa dicuci.",
        "kemenkes_permit": "",
        "material": "Spunbond",
        "size": "",
        "action": "publish",
    }
    data.update(overrides)
    return data


def _rows(*rows, initial=0):
    data = {"ukuran-TOTAL_FORMS": str(len(rows)), "ukuran-INITIAL_FORMS": str(initial)}
    for i, row in enumerate(rows):
        for name, value in row.items():
            data[f"ukuran-{i}-{name}"] = value
    return data


def test_tambah_ukuran_adds_a_row_keeping_everything_typed_and_the_photo(client):
    member = seller(name="Sari")
    login(client, member)
    # When she has typed the gown and chosen a photo, and presses "Tambah ukuran" (no JavaScript)
    response = client.post(
        "/dasbor/produk/baru/",
        {
            **_gown_form(action="add_variant"),
            "ukuran-TOTAL_FORMS": "0",
            "ukuran-INITIAL_FORMS": "0",
            "photos": [upload("gaun.jpg", jpeg_bytes(900, 600))],
        },
    )
    # Then the same form comes back, without error messages, with one empty size row
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="Gaun APD"' in html and "Spunbond" in html
    assert 'name="ukuran-0-option1"' in html and 'name="ukuran-1-option1"' not in html
    assert 'value="Ukuran"' in html
    assert "Ada yang perlu diperbaiki" not in html
    photo = response.context["photos"][0]
    assert Product.objects.count() == 0
    # When she fills S, presses again, and fills M and L the same way, then publishes
    rows = [{"option1": "S", "price": "45.000", "stock": "3"}]
    data = {
        **_gown_form(action="add_variant"),
        "pilihan-option1_name": "Ukuran",
        "photo": [photo.pk],
        **_rows(*rows),
    }
    response = client.post("/dasbor/produk/baru/", data)
    assert 'name="ukuran-1-option1"' in response.content.decode()
    assert 'value="45.000"' in response.content.decode()
    rows += [
        {"option1": "M", "price": "50.000", "stock": "5"},
        {"option1": "L", "price": "Rp 55.000", "stock": "2"},
    ]
    data = {**_gown_form(), "pilihan-option1_name": "Ukuran", "photo": [photo.pk], **_rows(*rows)}
    response = client.post("/dasbor/produk/baru/", data)
    # Then it is published with its three sizes, the lowest price and the total stock
    assert response.status_code == 302, response.context and response.context["form"].errors
    product = Product.objects.get()
    assert (product.status, product.option1_name, product.price, product.stock) == (
        "published",
        "Ukuran",
        45000,
        10,
    )
    assert [(v.option1, v.price, v.stock) for v in product.variants.all()] == [
        ("S", 45000, 3),
        ("M", 50000, 5),
        ("L", 55000, 2),
    ]
    assert product.images.count() == 1


def test_a_size_without_a_price_is_refused_beside_it_and_kept_as_typed(client):
    login(client, seller())
    data = {
        **_gown_form(action="draft"),
        "pilihan-option1_name": "Ukuran",
        **_rows(
            {"option1": "S", "price": "45.000", "stock": "3"}, {"option1": "XL", "price": "", "stock": "1"}
        ),
    }
    response = client.post("/dasbor/produk/baru/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Tulis harga ukuran ini." in html
    assert 'value="XL"' in html
    assert Product.objects.count() == 0


def test_editing_sizes_keeps_stock_sold_meanwhile(client):
    member = seller()
    login(client, member)
    product = gown(shop=member.shop, made_by=member)
    response = client.get(f"/dasbor/produk/{product.pk}/")
    assert response.status_code == 200
    s, m, l_ = product.variants.all()
    ProductVariant.objects.filter(pk=m.pk).update(stock=1)  # sold while her form was open
    data = {
        **_gown_form(action="draft", seen=response.context["form"]["seen"].value()),
        "pilihan-option1_name": "Ukuran",
        **_rows(
            {"id": s.pk, "option1": "S", "price": "45.000", "stock": "3", "seen_stock": "3"},
            {"id": m.pk, "option1": "M", "price": "51.000", "stock": "5", "seen_stock": "5"},
            {"id": l_.pk, "option1": "L", "price": "55.000", "stock": "9", "seen_stock": "2"},
            initial=3,
        ),
    }
    response = client.post(f"/dasbor/produk/{product.pk}/", data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    product.refresh_from_db()
    assert [(v.option1, v.price, v.stock) for v in product.variants.all()] == [
        ("S", 45000, 3),
        ("M", 51000, 1),
        ("L", 55000, 9),
    ]
    assert product.stock == 13


def test_the_product_form_of_a_product_with_sizes_stays_within_ten_queries(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    member = seller()
    login(client, member)
    product = gown(shop=member.shop, made_by=member)
    client.get(f"/dasbor/produk/{product.pk}/")
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(f"/dasbor/produk/{product.pk}/")
    assert response.status_code == 200
    assert 'name="ukuran-2-option1"' in response.content.decode()
    assert len(ctx.captured_queries) <= 10, len(ctx.captured_queries)


def test_stock_of_one_size_is_changed_from_the_product_list(client):
    member = seller()
    login(client, member)
    product = gown(shop=member.shop, made_by=member)
    m = product.variants.get(option1="M")
    html = client.get("/dasbor/produk/").content.decode()
    assert f'id="stok-{product.pk}-{m.pk}"' in html and "Stok M" in html
    response = client.post(f"/dasbor/produk/{product.pk}/stok/", {"variant": m.pk, "stock": "8"}, follow=True)
    assert "Stok “Gaun APD (M)” sekarang 8." in response.content.decode()
    product.refresh_from_db()
    assert list(product.variants.values_list("option1", "stock")) == [("S", 3), ("M", 8), ("L", 2)]
    assert product.stock == 13
    # Without a size, or with another product's size, nothing changes
    other = gown(shop=member.shop, made_by=member)
    assert client.post(f"/dasbor/produk/{product.pk}/stok/", {"stock": "1"}).status_code == 404
    foreign = other.variants.first().pk
    assert (
        client.post(f"/dasbor/produk/{product.pk}/stok/", {"variant": foreign, "stock": "1"}).status_code
        == 404
    )
    product.refresh_from_db()
    assert product.stock == 13


def test_a_duplicate_keeps_the_sizes():
    from products.services import product_duplicate

    product = gown()
    copy = product_duplicate(product=product)
    copy.refresh_from_db()
    assert (copy.status, copy.option1_name, copy.price, copy.stock) == ("draft", "Ukuran", 45000, 10)
    assert [(v.option1, v.price, v.stock) for v in copy.variants.all()] == [
        ("S", 45000, 3),
        ("M", 50000, 5),
        ("L", 55000, 2),
    ]
    assert not set(copy.variants.values_list("pk", flat=True)) & set(
        product.variants.values_list("pk", flat=True)
    )


def test_staff_see_a_products_sizes_in_the_admin(staff_client):
    product = gown()
    html = staff_client.get(f"/admin/products/product/{product.pk}/change/").content.decode()
    assert "pilihan produk" in html.lower()
    assert "55000" in html or "55.000" in html


def test_a_size_may_show_one_of_the_products_photos(client):
    member = seller()
    login(client, member)
    product = gown(shop=member.shop, made_by=member)
    first, second = add_photo(product), add_photo(product, color=(20, 120, 200))
    response = client.get(f"/dasbor/produk/{product.pk}/")
    assert "Foto 2" in response.content.decode()
    s, m, l_ = product.variants.all()
    rows = [
        {
            "id": v.pk,
            "option1": v.option1,
            "price": str(v.price),
            "stock": str(v.stock),
            "seen_stock": str(v.stock),
        }
        for v in (s, m, l_)
    ]
    rows[2]["image"] = str(second.pk)
    data = {
        **_gown_form(action="publish", seen=response.context["form"]["seen"].value()),
        "pilihan-option1_name": "Ukuran",
        "photo": [first.pk, second.pk],
        **_rows(*rows, initial=3),
    }
    response = client.post(f"/dasbor/produk/{product.pk}/", data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    assert list(product.variants.values_list("option1", "image_id")) == [
        ("S", None),
        ("M", None),
        ("L", second.pk),
    ]
    html = client.get(product.get_absolute_url()).content.decode()
    assert html.count(second.thumb_320.url) >= 1
    picker = html[html.index('class="variant-picker"') :]
    assert second.thumb_320.url in picker[: picker.index("</fieldset>")]


def test_two_rows_that_differ_only_in_a_cleared_second_option_are_refused(client):
    login(client, seller())
    data = {
        **_gown_form(action="draft"),
        "pilihan-option1_name": "Ukuran",
        "pilihan-option2_name": "",
        **_rows(
            {"option1": "S", "option2": "Biru", "price": "45.000", "stock": "3"},
            {"option1": "s", "option2": "Hijau", "price": "45.000", "stock": "1"},
        ),
    }
    response = client.post("/dasbor/produk/baru/", data)
    assert response.status_code == 400
    assert "Ada ukuran yang sama di dua baris." in response.content.decode()
    assert Product.objects.count() == 0
