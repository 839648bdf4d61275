"""
CSRF protection without a per-visitor token in the page, for the forms on cached public pages.

Django 6.1's CsrfViewMiddleware needs the token in the form, which sets a cookie on every page
and makes it uncacheable. Browsers since 2020 say where a request comes from: `Sec-Fetch-Site`
(Fetch Metadata) and `Origin` on every POST. A view wrapped in `@same_origin_post` accepts a POST
only when every one of those headers that is present says "this site". A browser from before
2020 sends neither; it does send `Referer` on a same-origin POST (our Referrer-Policy is
"same-origin", and a page cannot make a browser forge another site's Referer), so a Referer of
this site is accepted in their place. With none of the three, Django's own check applies, token
and all (the CSRF failure page then resends the form with a token).
Same-site is not same-origin: a POST from another subdomain is refused too.
"""

from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.middleware.csrf import CsrfViewMiddleware
from django.views.decorators.csrf import csrf_exempt


def _trusted_origins(request) -> set[str]:
    return {f"{request.scheme}://{request.get_host()}", *settings.CSRF_TRUSTED_ORIGINS}


def origin_verdict(request) -> bool | None:
    """True (same origin), False (another one), or None when the browser said nothing."""
    fetch_site = request.META.get("HTTP_SEC_FETCH_SITE")
    origin = request.META.get("HTTP_ORIGIN")
    if fetch_site is None and origin is None:
        return None
    if fetch_site is not None and fetch_site != "same-origin":
        return False
    if origin is not None:
        parts = urlsplit(origin)
        if origin == "null" or not parts.scheme or not parts.netloc:
            return False
        if origin not in _trusted_origins(request):
            return False
    return True


def _is_ours(url: str, request) -> bool:
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        return False
    return f"{parts.scheme}://{parts.netloc}" in _trusted_origins(request)


def referer_verdict(request) -> bool | None:
    """For a browser that sent neither Origin nor Sec-Fetch-Site: True, False, or None if no Referer."""
    referer = request.META.get("HTTP_REFERER")
    if not referer:
        return None
    return _is_ours(referer, request)


def same_origin_post(view):
    """Protect a view against cross-site POSTs by Fetch Metadata/Origin, or Django's token."""
    check = CsrfViewMiddleware(lambda request: None)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD", "OPTIONS", "TRACE"):
            verdict = origin_verdict(request)
            if verdict is False:
                return check._reject(request, "Origin or Sec-Fetch-Site is not this site.")
            if verdict is None:
                verdict = referer_verdict(request)
            if verdict is None or verdict is False:
                refused = check.process_view(request, view, args, kwargs)
                if refused is not None:
                    return refused
        return view(request, *args, **kwargs)

    return csrf_exempt(wrapped)
