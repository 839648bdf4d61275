"""shops learns who manages a village from members, through the hooks members registers."""

import pytest

from shops.access import is_ketua_of
from tests.factories import MemberFactory, UserFactory, village

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "role, status, same_village, expected",
    [
        ("ketua", "approved", True, True),
        ("ketua", "approved", False, False),
        ("ketua", "suspended", True, False),
        ("ketua", "pending", True, False),
        ("anggota", "approved", True, False),
    ],
)
def test_is_ketua_of(role, status, same_village, expected):
    sabrang = village("sabrang")
    member = MemberFactory(
        user=UserFactory(), shop=sabrang if same_village else village("ambulu"), role=role, status=status
    )
    assert is_ketua_of(member.user, sabrang) is expected


def test_nobody_without_an_account_is_ketua():
    from django.contrib.auth.models import AnonymousUser

    assert is_ketua_of(AnonymousUser(), village("sabrang")) is False
    assert is_ketua_of(None, village("sabrang")) is False
