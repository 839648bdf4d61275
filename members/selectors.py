"""Reads of member profiles."""

from django.db.models import QuerySet

from .models import MemberProfile


def member_list_public(*, shop) -> QuerySet[MemberProfile]:
    """Members of `shop` who agreed to be shown."""
    return MemberProfile.objects.public().for_shop(shop).order_by("display_name")


def member_get_public(*, slug: str) -> MemberProfile:
    """A consenting member's profile; raises MemberProfile.DoesNotExist otherwise."""
    return MemberProfile.objects.public().select_related("shop").get(slug=slug)
