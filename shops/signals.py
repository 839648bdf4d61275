"""Cache invalidation only (no domain flow here): the village list is cached for every page."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from core.caching import invalidate

from .models import Shop
from .selectors import SHOP_CACHE_KEY


@receiver([post_save, post_delete], sender=Shop)
def _shops_changed(**kwargs):
    invalidate(SHOP_CACHE_KEY)
