"""Small, rarely changing lists (villages, categories) kept in the shared cache."""

import logging

from django.core.cache import cache

logger = logging.getLogger(__name__)

TIMEOUT = 600


def cached_list(key, build):
    """Return the cached list under `key`, or build and cache it; a cache outage only costs a query."""
    try:
        value = cache.get(key)
    except Exception:  # noqa: BLE001 - Redis down must never break a page
        logger.warning("cache unavailable, reading %s from the database", key)
        return list(build())
    if value is None:
        value = list(build())
        try:
            cache.set(key, value, TIMEOUT)
        except Exception:  # noqa: BLE001
            logger.warning("cache unavailable, could not store %s", key)
    return value


def invalidate(*keys):
    try:
        cache.delete_many(keys)
    except Exception:  # noqa: BLE001
        logger.warning("cache unavailable, could not invalidate %s", keys)
