"""A fixed-window counter in the shared cache, for limits that are not about logging in."""

import time

from django.core.cache import cache


def hit(key: str, *, limit: int, period: int) -> bool:
    """Count one hit of `key` in the current `period`-second window; False once over `limit`."""
    window = int(time.time() // period)
    cache_key = f"ratelimit:{key}:{window}"
    cache.add(cache_key, 0, period + 5)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, period + 5)
        count = 1
    return count <= limit
