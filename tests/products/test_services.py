"""Product services hold the rules themselves: who may manage a product, and what may publish."""

import pytest
from django.core.exceptions import PermissionDenied

from products import services
from products.exceptions import ProductNotPublishable
from products.models import Product, ProductImage
from tests.factories import MemberFactory, ProductFactory, add_photo, category, jpeg_bytes, village

pytestmark = pytest.mark.django_db


def _draft(maker, **fields):
    # A mask: publishing it asks only for a photo (the permit rules have their own tests).
    return ProductFactory(
        shop=maker.shop,
        made_by=maker,
        category=category("masker"),
        status=Product.Status.DRAFT,
        published_at=None,
        **fields,
    )


def test_publish_refuses_a_product_without_a_photo_whoever_asks():
    # Given a draft without a photo
    siti = MemberFactory(shop=village("sabrang"))
    product = _draft(siti)
    # When its maker, and the system itself, try to publish it
    for by in (siti, None):
        with pytest.raises(ProductNotPublishable) as refused:
            services.product_publish(product=product, by=by)
        # Then it is refused with the photo rule, and nothing changed
        problems = [
            (field, [e.code for e in errors])
            for p in refused.value.problems
            for field, errors in p.error_dict.items()
        ]
        assert ("photos", ["no_photo"]) in problems
    product.refresh_from_db()
    assert (product.status, product.published_at) == (Product.Status.DRAFT, None)


def test_publish_with_a_photo_by_its_maker():
    siti = MemberFactory(shop=village("sabrang"))
    product = _draft(siti)
    add_photo(product)
    services.product_publish(product=product, by=siti)
    product.refresh_from_db()
    assert product.status == Product.Status.PUBLISHED


@pytest.mark.parametrize(
    "who, allowed",
    [
        ("maker", True),
        ("ketua of her village", True),
        ("another anggota of her village", False),
        ("ketua of another village", False),
        ("the maker, suspended", False),
    ],
)
def test_every_member_product_service_checks_who_acts(who, allowed):
    sabrang = village("sabrang")
    maker = MemberFactory(shop=sabrang)
    product = _draft(maker, stock=5)
    add_photo(product)
    actor = {
        "maker": maker,
        "ketua of her village": MemberFactory(shop=sabrang, role="ketua"),
        "another anggota of her village": MemberFactory(shop=sabrang),
        "ketua of another village": MemberFactory(shop=village("ambulu"), role="ketua"),
        "the maker, suspended": maker,
    }[who]
    if who == "the maker, suspended":
        maker.status = "suspended"
        maker.save()
    calls = [
        lambda: services.product_set_stock(product=product, stock=9, by=actor),
        lambda: services.product_publish(product=product, by=actor),
        lambda: services.product_unpublish(product=product, by=actor),
        lambda: services.product_duplicate(product=product, by=actor),
        lambda: services.product_archive(product=product, by=actor),
    ]
    for call in calls:
        if allowed:
            call()
        else:
            with pytest.raises(PermissionDenied):
                call()
    product.refresh_from_db()
    if allowed:
        assert (product.stock, product.status) == (9, Product.Status.ARCHIVED)
        assert Product.objects.filter(shop=sabrang).count() == 2  # the duplicate
    else:
        assert (product.stock, product.status) == (5, Product.Status.DRAFT)
        assert Product.objects.count() == 1


def test_a_member_cannot_attach_a_photo_another_member_staged():
    # Given two members of one village, each with a staged photo
    from django.core.files.base import ContentFile

    sabrang = village("sabrang")
    siti, ani = MemberFactory(shop=sabrang), MemberFactory(shop=sabrang)
    mine = services.photo_stage(member=siti, uploaded=ContentFile(jpeg_bytes(), name="a.jpg"))
    hers = services.photo_stage(member=ani, uploaded=ContentFile(jpeg_bytes(), name="b.jpg"))
    product = _draft(siti)
    # When Siti sends both ids with her product
    services.product_photos_set(product=product, photo_ids=[hers.pk, mine.pk], by=siti)
    # Then only her own photo is attached; Ani's stays staged, hers alone
    assert list(product.images.values_list("pk", flat=True)) == [mine.pk]
    assert ProductImage.objects.get(pk=hers.pk).product_id is None
