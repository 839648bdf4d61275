"""Who may import statements: the ketua for her village, staff for any village."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from core.access import is_staff_with
from members.access import member_for
from members.models import MemberProfile
from orders.services import Actor

# Staff who may take order steps in the admin may confirm payments from a statement too.
STAFF_PERMISSION = "orders.change_order"


def statement_user_required(view):
    """
    Sets request.member, request.village (None for staff: they choose) and request.actor.

    The account statement shows the village's money: only its ketua (not members handling
    orders) and staff; another member gets a 403, someone without a profile the dashboard home.
    """

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        member = member_for(request.user)
        if member is not None and member.status == MemberProfile.Status.APPROVED and member.shop.is_active:
            if not member.is_ketua:
                raise PermissionDenied
            request.member, request.village = member, member.shop
            request.actor = Actor("village", member.display_name, request.user)
        elif is_staff_with(request.user, STAFF_PERMISSION):
            request.member, request.village = None, None
            request.actor = Actor("staff", request.user.get_full_name() or request.user.email, request.user)
        elif member is None:
            return redirect("members:dashboard")
        else:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
