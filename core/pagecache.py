"""
Public catalog pages served from the shared cache to visitors without a session.

A page is stored only when everything about the request and the response says it is the same
for every such visitor: a GET of a view marked `@public_page`, answered 200, by a request with
no session or messages cookie and no Authorization, and a response that sets no cookie. It is
looked up by host, path with query, and language (the only cookie a public page depends on),
and only while the catalog version it was stored under is current: every product, photo, stock,
village, category or maker change bumps that version (`catalog_changed`). Entries live
PAGE_CACHE_SECONDS (≤ 60) at most, so even a change that forgot to bump shows within a minute.

The middleware sits above the session, auth, messages and CSP middleware: a hit returns the
stored response, headers included (its CSP header matches its body), without running them.
"""

import functools
import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.http import HttpResponse
from django.urls import Resolver404, get_urlconf, resolve
from django.utils.cache import patch_cache_control, patch_vary_headers

logger = logging.getLogger(__name__)

VERSION_KEY = "catalog:version"
PAGE_KEY_PREFIX = "page:v1:"
FRAGMENT_KEY_PREFIX = "fragment:v1:"
# Headers that describe the response itself; everything else (Date, Set-Cookie…) is not stored.
STORED_HEADERS = {
    "content-type",
    "content-language",
    "content-security-policy",
    "vary",
    "x-frame-options",
    "x-content-type-options",
    "referrer-policy",
    "cross-origin-opener-policy",
}
PERSONAL_COOKIES = ("SESSION_COOKIE_NAME", "MESSAGE_COOKIE_NAME")


def public_page(view):
    """Mark a view whose page is the same for every visitor without a session (cacheable)."""
    view.public_page = True
    return view


def catalog_changed() -> None:
    """Retire every cached public page: now, and again when the current transaction commits."""
    # Now, so this request's own next page is fresh; after commit, because a page rendered by
    # another request between the two still showed the old rows.
    _bump()
    transaction.on_commit(_bump, robust=True)


def _bump():
    try:
        cache.set(VERSION_KEY, time.time_ns(), None)
    except Exception:  # noqa: BLE001 - a cache outage must not fail the change; pages expire anyway
        logger.warning("cache unavailable, could not bump the catalog version")


def catalog_fragment(name: str, render, *, vary=()):
    """
    HTML that shows only catalog rows, rendered once per catalog version and shared by everyone.

    `render()` builds it (queries and templates; any picklable value, e.g. a tuple of HTML
    strings); `vary` lists what else it depends on (the language). Unlike the page cache this
    serves visitors with a session too, and pages whose page cache is off: the fragment holds
    nothing personal. Stored with the version read before
    rendering, like a page, so rows read during a change never outlive it; FRAGMENT_CACHE_SECONDS
    bounds a change that forgot to bump. One Redis round trip on a hit; a cache outage renders.
    """
    seconds = getattr(settings, "FRAGMENT_CACHE_SECONDS", 0)
    if not seconds:
        return render()
    key = FRAGMENT_KEY_PREFIX + hashlib.sha256("|".join((name, *vary)).encode()).hexdigest()
    try:
        found = cache.get_many([VERSION_KEY, key])
        version = found.get(VERSION_KEY)
        if version is None:
            version = time.time_ns()
            cache.add(VERSION_KEY, version, None)
            version = cache.get(VERSION_KEY, version)
    except Exception:  # noqa: BLE001 - a cache outage costs a render, never the page
        return render()
    entry = found.get(key)
    if entry is not None and entry[0] == version:
        return entry[1]
    html = render()
    try:
        cache.set(key, (version, html), seconds)
    except Exception:  # noqa: BLE001
        logger.warning("cache unavailable, fragment not stored")
    return html


def _personal(request) -> bool:
    cookies = request.COOKIES
    names = (settings.SESSION_COOKIE_NAME, getattr(settings, "MESSAGE_COOKIE_NAME", "messages"))
    return any(name in cookies for name in names) or "HTTP_AUTHORIZATION" in request.META


def _language(request) -> str:
    language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _is_public_page(request) -> bool:
    path, urlconf = request.path_info, get_urlconf() or settings.ROOT_URLCONF
    if len(path) > 200:  # no real page's path; kept out of the memory below
        return _resolves_to_public_page.__wrapped__(path, urlconf)
    return _resolves_to_public_page(path, urlconf)


@functools.lru_cache(maxsize=4096)
def _resolves_to_public_page(path: str, urlconf: str) -> bool:
    """Remembered per path: resolving cost an eighth of the time of a page served from the cache."""
    try:
        match = resolve(path, urlconf)
    except Resolver404:
        return False
    return getattr(match.func, "public_page", False)


def _page_key(request) -> str | None:
    try:
        host = request.get_host()
    except DisallowedHost:
        return None  # the rest of the stack answers it with a 400
    raw = f"{request.scheme}://{host}{request.get_full_path()}|{_language(request)}"
    return PAGE_KEY_PREFIX + hashlib.sha256(raw.encode()).hexdigest()


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = getattr(settings, "PAGE_CACHE_SECONDS", 0)
        if not _is_public_page(request):
            return self.get_response(request)  # no cache round trip for the rest of the site
        anonymous = request.method in ("GET", "HEAD") and not _personal(request)
        key = _page_key(request) if seconds and anonymous else None
        version = None
        if key is not None:
            try:
                found = cache.get_many([VERSION_KEY, key])
            except Exception:  # noqa: BLE001
                found = {}
            version = found.get(VERSION_KEY)
            if version is None:
                version = time.time_ns()
                try:
                    cache.add(VERSION_KEY, version, None)
                    version = cache.get(VERSION_KEY, version)
                except Exception:  # noqa: BLE001
                    key = None
            entry = found.get(key)
            if entry is not None and entry[0] == version:
                return self._rebuild(request, entry)

        response = self.get_response(request)
        if not anonymous or response.cookies:
            # A visitor with a session may see her own cart, messages or name: no shared cache.
            patch_cache_control(response, private=True, no_cache=True)
            return response
        patch_vary_headers(response, ["Cookie"])
        if response.status_code != 200 or response.streaming:
            return response
        patch_cache_control(response, public=True, max_age=seconds)
        if key is not None:
            headers = {k: v for k, v in response.items() if k.lower() in STORED_HEADERS | {"cache-control"}}
            try:
                cache.set(key, (version, response.status_code, headers, response.content), seconds)
            except Exception:  # noqa: BLE001
                logger.warning("cache unavailable, page not stored")
        response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def _rebuild(request, entry):
        _version, status, headers, content = entry
        response = HttpResponse(b"" if request.method == "HEAD" else content, status=status)
        for name, value in headers.items():
            response[name] = value
        if request.method == "HEAD":
            response["Content-Length"] = str(len(content))
        response["X-Page-Cache"] = "hit"
        return response
