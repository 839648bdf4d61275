"""Template filters shared by every page."""

import json

from django import template
from django.conf import settings
from django.utils.safestring import mark_safe

from core import money

register = template.Library()

register.filter("rupiah", money.rupiah)
register.filter("thousands", money.thousands)


_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def jsonld(value):
    """`value` as JSON safe inside a <script type="application/ld+json"> (no "</script>" possible)."""
    return mark_safe(json.dumps(value, ensure_ascii=False).translate(_JSON_ESCAPES))


@register.filter
def absolute_url(path):
    """A path of this site as a full URL from DJANGO_SITE_URL (canonical links, Open Graph)."""
    if not path:
        return ""
    path = str(path)
    if path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL.rstrip("/") + path
