"""Small helpers for thin views."""

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme


def get_or_404(selector, **kwargs):
    """
    `selector(**kwargs)`, or Http404 if it finds nothing.

    A lookup value PostgreSQL cannot hold (a NUL byte typed into a token in the URL) raises
    ValueError in the driver: that too is "no such thing", never a 500.
    """
    try:
        return selector(**kwargs)
    except (ObjectDoesNotExist, ValueError):
        raise Http404 from None


def safe_next(request, target: str | None) -> str | None:
    """
    `target` if it is a path or URL on this site, else None.

    Every redirect target taken from a request goes through here: `https://evil.example/`,
    `//evil.example/`, `https:evil.example` and `/\\evil.example` are all refused by Django's
    `url_has_allowed_host_and_scheme` (HTTPS required when the request came over HTTPS).
    """
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


def redirect_next(request, default, *args, field: str = "next", **kwargs):
    """Redirect to the request's `next` (POST, then GET) when it stays on the site, else to `default`."""
    target = safe_next(request, request.POST.get(field) or request.GET.get(field))
    if target:
        return redirect(target)
    return redirect(default, *args, **kwargs)


def client_ip(request) -> str:
    """The client's address as the login rate limits see it (behind nginx: from X-Forwarded-For)."""
    from allauth.account.adapter import get_adapter

    try:
        return get_adapter(request).get_client_ip(request)
    except Exception:  # noqa: BLE001 - a malformed header is "no address", never a 500
        return request.META.get("REMOTE_ADDR", "")
