"""The "Migrant CARE staff" group with exactly the permissions staff's work needs (staff/permissions.py)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations
from django.db.models import Q

GROUP_NAME = "Migrant CARE staff"
# A frozen copy of staff.permissions.PERMISSIONS as it was when this migration was written.
PERMISSIONS = [
    ("members", "view_memberprofile"),
    ("members", "change_memberprofile"),
    ("shops", "view_shop"),
    ("shops", "change_shop"),
    ("products", "view_product"),
    ("products", "change_product"),
    ("products", "view_productimage"),
    ("orders", "view_order"),
    ("orders", "change_order"),
    ("orders", "view_orderitem"),
    ("orders", "view_orderstatuschange"),
    # Resending a failed notification.
    ("notifications", "view_delivery"),
    ("notifications", "change_delivery"),
]


def create_group(apps, schema_editor):
    # On a fresh database the permissions do not exist yet: Django creates them only after all
    # migrations have run (post_migrate). Create them now, for every app.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    wanted = list(PERMISSIONS)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    condition = Q()
    for app_label, codename in wanted:
        condition |= Q(content_type__app_label=app_label, codename=codename)
    permissions = list(Permission.objects.filter(condition).select_related("content_type"))
    found = {(p.content_type.app_label, p.codename) for p in permissions}
    if found != set(wanted):
        raise RuntimeError(f"permissions missing for the staff group: {sorted(set(wanted) - found)}")
    group, _created = Group.objects.get_or_create(name=GROUP_NAME)
    group.permissions.set(permissions)


def delete_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("members", "0002_decisions_and_deletion"),
        ("shops", "0003_delivery_and_payment_options"),
        ("products", "0004_product_moderation"),
        ("orders", "0001_initial"),
        ("notifications", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_group, delete_group)]
