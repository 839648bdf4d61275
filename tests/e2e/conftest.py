"""Fixtures shared by the browser tests."""

import pytest

from tests.factories import MemberFactory, UserFactory, category, village
from tests.orders.helpers import configured_village


@pytest.fixture
def sabrang_ketua():
    """Bu Sulastri, ketua of Sabrang, a village that offers every delivery and payment."""
    return MemberFactory(
        user=UserFactory(email="sulastri@contoh.test"),
        shop=configured_village("sabrang"),
        role="ketua",
        display_name="Bu Sulastri",
    )


@pytest.fixture
def siti():
    """Siti, an anggota of Sabrang who sells; the jamu and masker categories are there for her products."""
    # created again: a browser test before this one may have flushed the data migration's rows
    category("jamu"), category("masker")
    return MemberFactory(
        user=UserFactory(email="siti@contoh.test"), shop=village("sabrang"), display_name="Siti"
    )
