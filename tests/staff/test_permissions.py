"""The "Migrant CARE staff" group has exactly what the work needs; nothing raises anyone's rights."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from members.models import User
from tests.factories import STAFF_EMAIL, UserFactory

pytestmark = pytest.mark.django_db

EXPECTED = {
    "members.view_memberprofile",
    "members.change_memberprofile",
    "shops.view_shop",
    "shops.change_shop",
    "products.view_product",
    "products.change_product",
    "products.view_productimage",
    "products.view_productvariant",
    "orders.view_order",
    "orders.change_order",
    "orders.view_orderitem",
    "orders.view_orderstatuschange",
    "notifications.view_delivery",
    "notifications.change_delivery",
    "reviews.view_review",
    "reviews.change_review",
    "reviews.view_reviewphoto",
    "ledger.view_entry",
    "ledger.view_payout",
    "ledger.view_kasrate",
}


def _group_permissions():
    group = Group.objects.get(name="Migrant CARE staff")
    return {
        f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")
    }


def test_the_migration_creates_the_group_with_exactly_the_staff_permissions_even_on_a_fresh_database(
    postgres_only,  # SQLite cannot run a migration inside the test's transaction
):
    # As on a fresh database, where Django creates permissions only after every migration has run,
    # the migration must create them itself. (Run again here, also because a flushed live_server
    # test may have removed the group its first run made.)
    call_command("migrate", "staff", "zero", verbosity=0)
    assert not Group.objects.filter(name="Migrant CARE staff").exists()
    Permission.objects.filter(content_type__app_label__in=["members", "shops", "products", "orders"]).delete()

    call_command("migrate", "staff", verbosity=0)

    found = _group_permissions()
    assert found == EXPECTED
    assert not any(p.startswith(("auth.", "auditlog.", "account.", "mfa.")) for p in found)
    assert not any(".delete_" in p or ".add_" in p for p in found)


def test_a_staff_user_gets_her_rights_from_the_group_only(staff):
    assert staff.is_staff and not staff.is_superuser
    assert not staff.user_permissions.exists()
    assert staff.get_all_permissions() == EXPECTED


def test_staff_cannot_open_accounts_passwords_groups_or_permissions(staff_client):
    other = UserFactory(email="anggota@contoh.test")
    group = Group.objects.get(name="Migrant CARE staff")
    for path in (
        "/admin/members/user/",
        f"/admin/members/user/{other.pk}/change/",
        f"/admin/members/user/{other.pk}/password/",
        f"/admin/members/user/{staff_client.staff.pk}/change/",
        f"/admin/members/user/{staff_client.staff.pk}/password/",
        "/admin/members/user/add/",
        "/admin/auth/group/",
        f"/admin/auth/group/{group.pk}/change/",
        "/admin/auth/group/add/",
        "/admin/auditlog/logentry/",
    ):
        assert staff_client.get(path).status_code == 403, path

    # the admin home offers none of them
    html = staff_client.get("/admin/").content.decode()
    assert "/admin/members/user/" not in html and "/admin/auth/group/" not in html


def test_staff_cannot_make_herself_superuser_or_give_herself_permissions(staff_client):
    staff = staff_client.staff
    everything = Permission.objects.values_list("pk", flat=True)
    responses = [
        staff_client.post(
            f"/admin/members/user/{staff.pk}/change/",
            {
                "email": staff.email,
                "is_active": "on",
                "is_staff": "on",
                "is_superuser": "on",
                "user_permissions": list(everything),
                "date_joined_0": "2026-01-01",
                "date_joined_1": "00:00:00",
            },
        ),
        staff_client.post(
            f"/admin/members/user/{staff.pk}/password/",
            {
                "password1": "kata-sandi-baru-123",
                "password2": "kata-sandi-baru-123",
                "usable_password": "true",
            },
        ),
        staff_client.post(
            f"/admin/auth/group/{Group.objects.get(name='Migrant CARE staff').pk}/change/",
            {"name": "Migrant CARE staff", "permissions": list(everything)},
        ),
    ]
    assert [r.status_code for r in responses] == [403, 403, 403]
    fresh = User.objects.get(pk=staff.pk)
    assert not fresh.is_superuser and not fresh.user_permissions.exists()
    assert fresh.check_password("rahasia-123")
    assert _group_permissions() == EXPECTED


def test_a_staff_account_given_user_permissions_by_mistake_still_cannot_touch_accounts(staff_client):
    staff = staff_client.staff
    staff.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="members", codename__endswith="_user")
    )
    other = UserFactory(email="lain@contoh.test")
    assert staff_client.get(f"/admin/members/user/{other.pk}/change/").status_code == 403
    assert staff_client.get(f"/admin/members/user/{other.pk}/password/").status_code == 403


def test_staff_see_which_login_a_member_has_but_cannot_relink_it(staff_client):
    from tests.factories import member_with_account

    member = member_with_account(display_name="Bu Sri")
    response = staff_client.get(f"/admin/members/memberprofile/{member.pk}/change/")
    form = response.context["adminform"].form
    assert "user" not in form.fields and "shop" not in form.fields
    assert "consent_public_profile" not in form.fields and "photo" not in form.fields
    assert {"display_name", "phone", "story", "role", "handles_orders"} <= set(form.fields)


def test_a_superuser_still_manages_accounts(client):
    admin_user = UserFactory(email="root@migrantcare.test", is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    staff = UserFactory(email=STAFF_EMAIL, is_staff=True)
    assert client.get(f"/admin/members/user/{staff.pk}/change/").status_code == 200
    assert client.get(f"/admin/members/user/{staff.pk}/password/").status_code == 200
