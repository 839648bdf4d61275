"""
Shared set-up of the product tests: a seller and her login, a photo to upload, the product form as
she fills it in, and products that meet (or break) the permit rules.
"""

from datetime import timedelta

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from products.models import Product
from tests.factories import (
    MemberFactory,
    ProductFactory,
    UserFactory,
    add_photo,
    category,
    jpeg_bytes,
    village,
)

VALID_PIRT = "206350901012328"  # P-IRT No. 2063509010123-28: Jember, valid until the end of 2028
VALID_TR = "TR 193602671"
VALID_HALAL = "ID35110001325901022"
VALID_AKD = "AKD 20903022671"


def seller(shop_slug="sabrang", role="anggota", status="approved", name=None):
    """A member of `shop_slug` (an approved anggota unless told otherwise) with her own account."""
    user = UserFactory()
    member = MemberFactory(
        user=user,
        shop=village(shop_slug),
        role=role,
        status=status,
        display_name=name or f"{role.title()} {shop_slug.title()} {user.pk}",
    )
    return member


def login(client, member):
    """`client`, logged in as `member`."""
    client.force_login(member.user)
    return client


def upload(name="foto.jpg", data=None):
    """A photo as the form receives it (a 900×600 JPEG unless `data` is given)."""
    return SimpleUploadedFile(
        name, data if data is not None else jpeg_bytes(900, 600), content_type="image/jpeg"
    )


def form_data(**overrides):
    """The new-product form filled in for a complete jamu, published; `overrides` change or add fields."""
    data = {
        "name": "Jamu Kunyit Asam",
        "category": category("jamu").pk,
        "price": "Rp 25.000",
        "stock": "12",
        "unit": "botol",
        "weight_grams": "300",
        "description": "Segar, tanpa pengawet.",
        "pirt_number": "2063-5090-1012-328",
        "bpom_number": "",
        "halal_status": "self_declare",
        "halal_number": "ID35110001325901022",
        "production_date": (timezone.localdate() - timedelta(days=2)).isoformat(),
        "expiry_date": (timezone.localdate() + timedelta(days=60)).isoformat(),
        "kemenkes_permit": "",
        "material": "",
        "size": "",
        "action": "publish",
    }
    data.update(overrides)
    return data


class PhotographedProductFactory(ProductFactory):
    """A product with one photo, so only the rule a test is about can keep it from publishing."""

    class Meta:
        skip_postgeneration_save = True

    @factory.post_generation
    def photo(product, create, extracted, **kwargs):
        if create:
            add_photo(product)


def complete_jamu(**fields) -> Product:
    """A published jamu with everything the rules ask: P-IRT, halal certificate, dates."""
    today = timezone.localdate()
    values = {
        "category": category("jamu"),
        "name": "Jamu Kunyit Asam",
        "description": "Segar, tanpa pengawet.",
        "pirt_number": VALID_PIRT,
        "halal_status": Product.Halal.SELF_DECLARE,
        "halal_number": VALID_HALAL,
        "production_date": today - timedelta(days=3),
        "expiry_date": today + timedelta(days=60),
    }
    values.update(fields)
    return PhotographedProductFactory(**values)
