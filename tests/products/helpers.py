"""Products that meet (or break) the permit rules, for the permit and expiry tests."""

from datetime import timedelta

import factory
from django.utils import timezone

from products.models import Product
from tests.factories import ProductFactory, add_photo, category

VALID_PIRT = "206350901012328"  # P-IRT No. 2063509010123-28: Jember, valid until the end of 2028
VALID_TR = "TR 193602671"
VALID_HALAL = "ID35110001325901022"
VALID_AKD = "AKD 20903022671"


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
