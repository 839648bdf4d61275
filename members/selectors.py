"""Reads of member profiles."""

from django.db.models import QuerySet

from .models import MemberProfile


def member_list_public(*, shop) -> QuerySet[MemberProfile]:
    """Members of `shop` who agreed to be shown."""
    return MemberProfile.objects.public().for_shop(shop).order_by("display_name")


def member_get_public(*, slug: str) -> MemberProfile:
    """A consenting member's profile; raises MemberProfile.DoesNotExist otherwise."""
    return MemberProfile.objects.public().select_related("shop").get(slug=slug)


def member_list_for_ketua(*, shop) -> QuerySet[MemberProfile]:
    """Everyone of `shop` her ketua looks after: waiting requests first, then by name."""
    return (
        MemberProfile.objects.for_shop(shop)
        .exclude(status=MemberProfile.Status.DELETED)
        .order_by("display_name", "pk")
    )


def member_get_for_ketua(*, shop, pk: int) -> MemberProfile:
    """A member or request of `shop` only; raises MemberProfile.DoesNotExist for anyone else's."""
    return (
        MemberProfile.objects.for_shop(shop)
        .exclude(status=MemberProfile.Status.DELETED)
        .select_related("shop")
        .get(pk=pk)
    )
