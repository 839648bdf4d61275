"""Cache invalidation only (no domain flow here): the category list is cached for every page."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from core.caching import invalidate

from .models import Category
from .selectors import CATEGORY_CACHE_KEY


@receiver([post_save, post_delete], sender=Category)
def _categories_changed(**kwargs):
    invalidate(CATEGORY_CACHE_KEY)
