"""System checks of the project's own settings (Django's `check --deploy` covers its own)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def check_site_url(app_configs, **kwargs):
    """Every email link is built from SITE_URL: production needs it, as an absolute http(s) URL."""
    url = getattr(settings, "SITE_URL", "")
    if not url:
        return [
            Error(
                "DJANGO_SITE_URL is not set: the links in every email would lead nowhere.",
                hint="Set DJANGO_SITE_URL to the site's public address, e.g. https://pasar.desbumi.example",
                id="desbumi.E001",
            )
        ]
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return [
            Error(
                f"DJANGO_SITE_URL {url!r} is not an absolute http(s) address.",
                hint="Write it in full, with https://, e.g. https://pasar.desbumi.example",
                id="desbumi.E002",
            )
        ]
    return []
