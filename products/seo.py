"""What search engines and link previews read of a product: schema.org JSON-LD and its picture."""

from django.conf import settings

from .models import Product


def absolute(path: str) -> str:
    """A page or file of this site as a full URL, from DJANGO_SITE_URL (never the request's Host)."""
    if path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL.rstrip("/") + path


def product_jsonld(product: Product) -> dict:
    """
    schema.org Product with its Offer (and AggregateRating once reviewed), for Google's results; an
    AggregateOffer (lowest and highest price, how many sizes) when its sizes cost different prices.
    """
    url = absolute(product.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": product.name,
        "url": url,
        "sku": str(product.pk),
        "category": product.category.name,
        "brand": {"@type": "Brand", "name": f"Desbumi {product.shop.name}"},
        "offers": _offers(product, url),
    }
    if product.description:
        data["description"] = product.description[:500]
    image = product.share_image
    if image is not None:
        data["image"] = [image[0]]
    if product.rating_count:
        data["aggregateRating"] = {
            "@type": "AggregateRating",
            "ratingValue": product.rating_average,
            "reviewCount": product.rating_count,
            "bestRating": 5,
            "worstRating": 1,
        }
    return data


def _offers(product: Product, url: str) -> dict:
    offer = {
        "@type": "Offer",
        "url": url,
        "price": str(product.price),
        "priceCurrency": "IDR",
        "availability": "https://schema.org/InStock" if product.stock else "https://schema.org/OutOfStock",
        "itemCondition": "https://schema.org/NewCondition",
        "seller": {"@type": "Organization", "name": f"Desa {product.shop.name}"},
    }
    if not product.price_varies:
        return offer
    # The sizes are loaded with the page (product_get_public): no query.
    prices = [variant.price for variant in product.variant_list]
    del offer["price"]
    return offer | {
        "@type": "AggregateOffer",
        "lowPrice": str(min(prices)),
        "highPrice": str(max(prices)),
        "offerCount": len(prices),
    }
