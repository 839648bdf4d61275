"""The "Migrant CARE staff" group: exactly what the staff's work in the admin needs."""

GROUP_NAME = "Migrant CARE staff"

# (app label, codename). Never delete, never add what buyers and members create, nothing of auth.*:
# staff cannot change passwords, permissions or who is a superuser. Migration staff/0001 creates
# the group with these; change both together (a new migration) when the work changes.
PERMISSIONS = (
    # members: approve, reject, suspend (actions), correct a profile
    ("members", "view_memberprofile"),
    ("members", "change_memberprofile"),
    # villages: delivery and payment options, bank account, QRIS
    ("shops", "view_shop"),
    ("shops", "change_shop"),
    # listings: moderation (hide with a reason), photos seen read-only
    ("products", "view_product"),
    ("products", "change_product"),
    ("products", "view_productimage"),
    ("products", "view_productvariant"),
    # orders of every village: status steps through the actions, lines and history read-only;
    # view_order also opens the reports
    ("orders", "view_order"),
    ("orders", "change_order"),
    ("orders", "view_orderitem"),
    ("orders", "view_orderstatuschange"),
    # buyers' reviews: hide one with a reason (an action), read them and their photos
    ("reviews", "view_review"),
    ("reviews", "change_review"),
    ("reviews", "view_reviewphoto"),
    # the ledger: entries, payouts to members, kas percentages, read-only (the reports sum it)
    ("ledger", "view_entry"),
    ("ledger", "view_payout"),
    ("ledger", "view_kasrate"),
    # deliveries of notifications: resend a failed one
    ("notifications", "view_delivery"),
    ("notifications", "change_delivery"),
)


def staff_group_ensure():
    """
    The group, created with PERMISSIONS if it is missing (migration staff/0001 normally made it).

    An existing group is left as it is: a superuser may have changed it on purpose. For seed_demo
    and for tests whose database was flushed (live_server).
    """
    from django.contrib.auth.models import Group, Permission
    from django.db.models import Q

    group, created = Group.objects.get_or_create(name=GROUP_NAME)
    if created:
        condition = Q()
        for app_label, codename in PERMISSIONS:
            condition |= Q(content_type__app_label=app_label, codename=codename)
        group.permissions.set(Permission.objects.filter(condition))
    return group
