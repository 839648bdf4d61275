"""Who is who, asked the same way everywhere."""


def is_staff_with(user, perm: str | None = None) -> bool:
    """An active, logged-in staff user (holding `perm`, e.g. "orders.view_order", if given)."""
    if user is None or not user.is_authenticated or not user.is_active or not user.is_staff:
        return False
    return perm is None or user.has_perm(perm)
