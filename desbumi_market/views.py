"""Project-wide views: media for the embedded setup, and the health check."""

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.static import serve


def media(request, path):
    """Serve uploaded files when no web server or bucket does (make run, tests)."""
    if not settings.SERVE_MEDIA:
        raise Http404
    try:
        response = serve(request, path, document_root=settings.MEDIA_ROOT)
    except (OSError, ValueError):
        # A name the file system cannot hold (too long, a NUL byte) is no such file.
        raise Http404 from None
    # Uploads are re-encoded images, but never let a browser sniff one into something runnable.
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


# Private or per-person pages stay out of search engines; the sitemap lists the public ones.
ROBOTS_DISALLOW = ["/admin/", "/akun/", "/dasbor/", "/keranjang/", "/checkout/", "/pesanan/", "/i18n/"]


def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOW), "Allow: /", ""]
    lines.append(f"Sitemap: {settings.SITE_URL.rstrip('/')}/sitemap.xml")
    response = HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "public, max-age=86400"
    return response


def favicon(request):
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


@never_cache
def healthz(request):
    """200 when the database and the cache answer, 503 otherwise."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as exc:  # noqa: BLE001 - any failure is a failed check
        checks["database"] = f"error: {exc.__class__.__name__}"
    try:
        # Redis itself: the cache backend would otherwise answer from its per-process fallback.
        if hasattr(cache, "ping"):
            cache.ping()
        cache.set("healthz", "1", 5)
        checks["cache"] = "ok" if cache.get("healthz") == "1" else "error: no value"
    except Exception as exc:  # noqa: BLE001
        checks["cache"] = f"error: {exc.__class__.__name__}"
    healthy = all(v == "ok" for v in checks.values())
    return JsonResponse(checks, status=200 if healthy else 503)


# Fields never written back into a page: secrets, and the old token itself.
_NOT_RESENT = ("password", "csrfmiddlewaretoken", "sandi")


def csrf_failure(request, reason=""):
    """
    A form refused for its security token: she logged in again in another tab, or the page was
    open for days. The page says so in Indonesian and offers to send what she typed again (with a
    fresh token) — only when the browser says the form came from this site itself, so another
    site can never use this page to make her send its form. Photos must be chosen again.
    """
    same_origin = request.headers.get("Sec-Fetch-Site") == "same-origin" or (
        request.headers.get("Origin") == f"{request.scheme}://{request.get_host()}"
    )
    fields = []
    if same_origin and request.method == "POST":
        fields = [
            (name, value)
            for name, values in request.POST.lists()
            if not any(word in name.lower() for word in _NOT_RESENT)
            for value in values
        ]
    referer = request.headers.get("Referer", "")
    back = referer if url_has_allowed_host_and_scheme(referer, {request.get_host()}) else ""
    return render(
        request,
        "403_csrf.html",
        {"resend": same_origin, "fields": fields, "had_files": bool(request.FILES), "back": back},
        status=403,
    )
