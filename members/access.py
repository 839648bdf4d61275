"""Who may use the seller dashboard, and on what: every dashboard view goes through these."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from .models import MemberProfile


def member_for(user) -> MemberProfile | None:
    """The member profile of a logged-in user, with her village; None if she has none."""
    if not user.is_authenticated:
        return None
    return MemberProfile.objects.select_related("shop").filter(user=user).first()


def _with_member(view, allowed):
    """`view` for a logged-in person whose member profile is `allowed`; anyone else: the dashboard home."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        member = member_for(request.user)
        if member is None or not allowed(member):
            return redirect("members:dashboard")
        request.member = member
        return view(request, *args, **kwargs)

    return wrapper


def _for_sellers(view, allowed):
    """`view` for a seller (seller_required) who is also `allowed`; another member is refused (403)."""

    @seller_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not allowed(request.member):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def profile_required(view):
    """
    Any person with a member profile, whatever its status: her profile, her data, deleting it.

    The rights to a copy of one's data and to its deletion (UU PDP) do not wait for approval.
    Without a profile she is sent to the dashboard home, which invites her to join.
    """
    return _with_member(view, lambda member: True)


def seller_required(view):
    """
    Only an approved member of an active village may sell; `request.member` is set for the view.

    Anyone else is sent to the dashboard home, which tells her where she stands (no profile yet →
    join a village; pending, rejected or suspended → her status). Nothing is changed.
    """
    return _with_member(
        view, lambda member: member.status == MemberProfile.Status.APPROVED and member.shop.is_active
    )


def draft_maker_required(view):
    """
    seller_required, and also a member still waiting for her ketua's approval: she may prepare
    drafts (her products, photos, stock) but not publish — the services refuse that.
    """
    allowed = (MemberProfile.Status.APPROVED, MemberProfile.Status.PENDING)
    return _with_member(view, lambda member: member.status in allowed and member.shop.is_active)


def ketua_required(view):
    """Only the ketua of the village; an anggota of that village is refused (403)."""
    return _for_sellers(view, lambda member: member.is_ketua)


def order_handler_required(view):
    """The ketua and the members who handle the village's orders; other members are refused (403)."""
    return _for_sellers(view, lambda member: member.is_ketua or member.handles_orders)


def ketua_of(user, shop) -> bool:
    """Is `user` the approved ketua of `shop`?"""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return MemberProfile.objects.filter(
        user=user, shop=shop, role=MemberProfile.Role.KETUA, status=MemberProfile.Status.APPROVED
    ).exists()


def ketua_village_view(view):
    """ketua_required, and `request.shop` set to her village (for the shops app's views)."""

    @ketua_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        request.shop = request.member.shop
        return view(request, *args, **kwargs)

    return wrapper
