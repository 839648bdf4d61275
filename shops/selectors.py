"""Reads of villages."""

from django.db.models import QuerySet

from .models import Shop


def shop_list_public() -> QuerySet[Shop]:
    return Shop.objects.active().order_by("name")


def shop_get_public(*, slug: str) -> Shop:
    """The active village with this slug; raises Shop.DoesNotExist otherwise."""
    return Shop.objects.active().get(slug=slug)
