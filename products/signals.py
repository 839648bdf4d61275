"""Cache invalidation only (no domain flow here): the category list and the cached public pages."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from core.caching import invalidate
from core.pagecache import catalog_changed
from members.models import MemberProfile
from shops.models import Shop

from .models import Category, Product, ProductImage
from .selectors import CATEGORY_CACHE_KEY


@receiver([post_save, post_delete], sender=Category)
def _categories_changed(**kwargs):
    invalidate(CATEGORY_CACHE_KEY)


# What a public page shows: products, their photos, categories, villages, makers' public names.
# Bulk updates send no signal: their services call catalog_changed() themselves.
@receiver([post_save, post_delete], sender=Product)
@receiver([post_save, post_delete], sender=ProductImage)
@receiver([post_save, post_delete], sender=Category)
@receiver([post_save, post_delete], sender=Shop)
@receiver([post_save, post_delete], sender=MemberProfile)
def _catalog_changed(**kwargs):
    catalog_changed()
