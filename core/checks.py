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


@register(Tags.security, deploy=True)
def check_media_over_https(app_configs, **kwargs):
    """Photos in a bucket load straight from it: over HTTPS, or an HTTPS page shows none of them."""
    insecure = [origin for origin in getattr(settings, "MEDIA_ORIGINS", []) if origin.startswith("http://")]
    if insecure:
        return [
            Error(
                f"Photos would load from {insecure[0]} over plain HTTP: browsers block them on the "
                "site's HTTPS pages, and the Content-Security-Policy would allow an insecure image source.",
                hint="Give AWS_S3_ENDPOINT_URL an https:// address, or set AWS_S3_CUSTOM_DOMAIN (HTTPS).",
                id="desbumi.E003",
            )
        ]
    return []
