"""Reads of villages."""

from core.caching import cached_list

from .models import Shop

SHOP_CACHE_KEY = "catalog:shops:v1"


def shop_list_public() -> list[Shop]:
    """Active villages, from the cache (invalidated when one changes, see shops.signals)."""
    return cached_list(SHOP_CACHE_KEY, Shop.objects.active().order_by("name").all)


def shop_get_public(*, slug: str) -> Shop:
    """The active village with this slug (from the cached list); raises Shop.DoesNotExist otherwise."""
    for shop in shop_list_public():
        if shop.slug == slug:
            return shop
    raise Shop.DoesNotExist(slug)
