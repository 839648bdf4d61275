"""
The Redis cache backend the site uses: when Redis does not answer, it falls back to a small
per-process memory cache instead of raising.

Everything that uses the cache keeps working during a Redis outage: the village and category
lists (read from the database again), and django-allauth's login rate limits, which then count
per process instead of across the servers (stricter per server, looser overall) rather than
refusing every login or failing with a 500. What is written during the outage lives at most
FALLBACK_MAX_TIMEOUT seconds, so a list changed on another server is not stale for long.

Nothing that must be correct relies on the cache: sessions and carts are in the database.
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

REDIS_DOWN = (RedisConnectionError, RedisTimeoutError)
# After a failure, go straight to the fallback for this long instead of trying Redis (and paying
# its connect timeout) on every cache call of every request.
RETRY_AFTER_SECONDS = 5.0
FALLBACK_MAX_TIMEOUT = 60


class ReusedClientRedisCacheClient(RedisCacheClient):
    """
    Django's Redis cache client with one redis.Redis per connection pool, not one per call.

    Django builds a new redis.Redis for every cache call, and redis-py fills each one's table of
    about 170 response callbacks, key by key: 0.1 ms a call, a quarter of what a page served from
    the cache costs. A redis.Redis is safe to share between threads (it takes a connection from
    its pool for each command), so one per pool serves the whole process.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    """django.core.cache.backends.redis.RedisCache that degrades to local memory, never raises."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient
        # One fallback per process and Redis location (LocMemCache shares storage by name), so
        # every thread of a process sees the same fallback entries.
        self._fallback = LocMemCache(
            f"desbumi-fallback:{server}", {**params, "OPTIONS": {"MAX_ENTRIES": 1000}}
        )
        self._down_until = 0.0
        self._lock = threading.Lock()

    def ping(self):
        """Ask Redis itself (not the fallback); raises when it does not answer. For /healthz."""
        return self._cache.get_client(write=True).ping()

    def _fallback_timeout(self, timeout):
        if timeout is DEFAULT_TIMEOUT:
            timeout = self.default_timeout
        return FALLBACK_MAX_TIMEOUT if timeout is None else min(timeout, FALLBACK_MAX_TIMEOUT)

    def _call(self, name, *args, **kwargs):
        if time.monotonic() >= self._down_until:
            try:
                return getattr(super(), name)(*args, **kwargs)
            except REDIS_DOWN as exc:
                with self._lock:
                    first = time.monotonic() >= self._down_until
                    self._down_until = time.monotonic() + RETRY_AFTER_SECONDS
                if first:
                    logger.warning(
                        "redis unavailable (%s), using the local fallback cache for %ss",
                        exc.__class__.__name__,
                        RETRY_AFTER_SECONDS,
                    )
        if "timeout" in kwargs:
            kwargs["timeout"] = self._fallback_timeout(kwargs["timeout"])
        return getattr(self._fallback, name)(*args, **kwargs)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", key, value, timeout=timeout, version=version)

    def get(self, key, default=None, version=None):
        return self._call("get", key, default=default, version=version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", key, value, timeout=timeout, version=version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", key, timeout=timeout, version=version)

    def delete(self, key, version=None):
        return self._call("delete", key, version=version)

    def get_many(self, keys, version=None):
        return self._call("get_many", keys, version=version)

    def has_key(self, key, version=None):
        return self._call("has_key", key, version=version)

    def incr(self, key, delta=1, version=None):
        return self._call("incr", key, delta=delta, version=version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", data, timeout=timeout, version=version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", keys, version=version)

    def clear(self):
        self._fallback.clear()
        return self._call("clear")
