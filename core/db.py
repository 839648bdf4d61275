"""
Reads from a PostgreSQL read replica, writes to the primary (DATABASE_REPLICA_URL, README "Growing
past one server").

Only a request that cannot have changed anything reads from the replica: a GET or HEAD, outside any
transaction, that has written nothing so far, from a person who has not written for
DATABASE_REPLICA_PIN_SECONDS. Everything else — POSTs, transactions (services lock and re-read
there), Celery tasks, management commands — reads from the primary. A replica is a few hundred
milliseconds behind at most; the pin cookie covers that, so a member who has just saved a product
or a buyer who has just ordered sees her own change on the next page.
"""

from contextvars import ContextVar

from django.conf import settings
from django.db import connections

PRIMARY = "default"
REPLICA = "replica"
PIN_COOKIE = "desbumi_primary"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# Per request (and per thread or task): may this code read from the replica?  Off unless the
# middleware said so, so a Celery task or a shell always reads what it has just written.
_replica_allowed: ContextVar[bool] = ContextVar("replica_allowed", default=False)
# Set by the router when the request writes: the rest of it reads from the primary, and the
# person is pinned to the primary for a while.
_wrote: ContextVar[bool] = ContextVar("wrote", default=False)


class PrimaryReplicaRouter:
    """Database router: writes and transactions on the primary, a safe request's reads on the replica."""

    def db_for_read(self, model, **hints):
        if not _replica_allowed.get() or _wrote.get() or connections[PRIMARY].in_atomic_block:
            return PRIMARY
        return REPLICA

    def db_for_write(self, model, **hints):
        _wrote.set(True)
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the same rows as the primary.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # A replica follows the primary's schema by itself (and refuses writes).
        return db != REPLICA


class PinToPrimaryMiddleware:
    """Lets a safe request read from the replica, and pins anyone who writes to the primary.

    Goes before every middleware that reads the database (sessions, authentication).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        safe = request.method in SAFE_METHODS
        allowed = _replica_allowed.set(safe and PIN_COOKIE not in request.COOKIES)
        wrote = _wrote.set(False)
        try:
            response = self.get_response(request)
            if not safe or _wrote.get():
                # The replica may not have her change yet: her next pages read from the primary.
                response.set_cookie(
                    PIN_COOKIE,
                    "1",
                    max_age=settings.DATABASE_REPLICA_PIN_SECONDS,
                    secure=settings.SESSION_COOKIE_SECURE,
                    httponly=True,
                    samesite="Lax",
                )
            return response
        finally:
            _wrote.reset(wrote)
            _replica_allowed.reset(allowed)
