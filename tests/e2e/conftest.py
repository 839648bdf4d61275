"""Fixtures shared by the browser tests."""

import pytest

from tests.factories import MemberFactory, UserFactory
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
