"""Product cards, each rendered once for what it shows (its row's values), then read from the cache."""

import hashlib
import logging

from django import template
from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

logger = logging.getLogger(__name__)
register = template.Library()

CARD_TEMPLATE = "products/partials/_product_card.html"
CARD_KEY_PREFIX = "card:v1:"


def _card_key(product, lazy: bool) -> str:
    """
    Everything the card shows, as read with the page's rows: a change of any of them (a price, the
    stock running out, another photo, a renamed village) is another key, so a card is never
    stale and needs no invalidation. The entries expire after FRAGMENT_CACHE_SECONDS.
    """
    cover = product.cover
    photo = (cover.pk, cover.thumb_320.name, cover.thumb_640.name, cover.alt_text) if cover else None
    shown = (
        product.pk,
        product.slug,
        product.name,
        product.price,
        product.price_varies,
        bool(product.stock),
        product.shop.name,
        photo,
        lazy,
        get_language(),
    )
    return CARD_KEY_PREFIX + hashlib.sha256(repr(shown).encode()).hexdigest()


@register.simple_tag
def product_cards(products, lazy_all=False):
    """
    The <li> cards of a product grid. The first two photos load at once (the top of a phone's
    screen), the others lazily, unless `lazy_all`. One cache read for the whole grid; only the
    cards not found are rendered. Rendering the cards was most of a listing page's time (their
    photos' URLs, links and prices through the template engine), and a card looks the same on
    every page that shows it.
    """
    cards = [(product, lazy_all or position > 2) for position, product in enumerate(products, 1)]
    seconds = getattr(settings, "FRAGMENT_CACHE_SECONDS", 0)
    keys = [_card_key(product, lazy) for product, lazy in cards] if seconds else []
    found = {}
    if keys:
        try:
            found = cache.get_many(keys)
        except Exception:  # noqa: BLE001 - a cache outage costs a render, never the page
            keys = []
    html, rendered = [], {}
    for index, (product, lazy) in enumerate(cards):
        key = keys[index] if keys else None
        card = found.get(key) if key else None
        if card is None:
            card = render_to_string(CARD_TEMPLATE, {"product": product, "lazy": lazy})
            if key:
                rendered[key] = card
        html.append(card)
    if rendered:
        try:
            cache.set_many(rendered, seconds)
        except Exception:  # noqa: BLE001
            logger.warning("cache unavailable, product cards not stored")
    # Each card is HTML its template rendered (auto-escaped there); the cache returns str.
    return mark_safe("".join(html))
