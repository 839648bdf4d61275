"""Migrant CARE staff: a user in the "Migrant CARE staff" group (not a superuser), logged in."""

import pytest

from members.models import User
from staff.permissions import staff_group_ensure
from tests.factories import UserFactory, verified

STAFF_EMAIL = "staf@migrantcare.test"


def make_staff(email: str = STAFF_EMAIL) -> User:
    user = verified(UserFactory(email=email, is_staff=True))
    user.groups.add(staff_group_ensure())
    return User.objects.get(pk=user.pk)  # a fresh instance: no stale permission cache


@pytest.fixture
def staff(db):
    return make_staff()


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    client.staff = staff
    return client
