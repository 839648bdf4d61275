"""Reads of reviews: querysets with the photos (and what a page shows) already joined."""

from django.db.models import Prefetch, QuerySet, Subquery

from .models import Review, ReviewPhoto

SNIPPET_COUNT = 3


def _with_photos(reviews: QuerySet[Review]) -> QuerySet[Review]:
    return reviews.prefetch_related(
        Prefetch("photos", queryset=ReviewPhoto.objects.order_by("position", "pk"))
    )


def review_list_for_product(*, product, limit: int = SNIPPET_COUNT) -> list[Review]:
    """The newest visible reviews of a product, with their photos (two queries)."""
    return list(
        _with_photos(Review.objects.visible().filter(product=product)).order_by("-created_at", "-pk")[:limit]
    )


SNIPPET_FIELDS = ("pk", "author_name", "rating", "text", "reply", "created_at")


def review_snippets_for_product(*, product, limit: int = SNIPPET_COUNT) -> list[Review]:
    """
    The newest visible reviews of a product with their photos, in ONE query (a row per photo,
    grouped here), so the product page stays within its five queries.
    """
    if not product.rating_count:
        return []  # the stored figures say there is none: no query
    newest = (
        Review.objects.visible().filter(product=product).order_by("-created_at", "-pk").values("pk")[:limit]
    )
    rows = (
        Review.objects.filter(pk__in=Subquery(newest))
        .order_by("-created_at", "-pk", "photos__position", "photos__pk")
        .values(*SNIPPET_FIELDS, "photos__image", "photos__thumb_320")
    )
    reviews: dict[int, Review] = {}
    for row in rows:
        review = reviews.get(row["pk"])
        if review is None:
            review = reviews[row["pk"]] = Review(**{field: row[field] for field in SNIPPET_FIELDS})
            review.shown_photos = []
        if row["photos__image"]:
            review.shown_photos.append(
                ReviewPhoto(image=row["photos__image"], thumb_320=row["photos__thumb_320"])
            )
    return list(reviews.values())


def review_list_for_shop(*, shop) -> QuerySet[Review]:
    """Every review of the village (hidden ones too, marked), for its dashboard; newest first."""
    return _with_photos(
        Review.objects.for_shop(shop).select_related("order", "product", "order_item")
    ).order_by("-created_at", "-pk")


def review_get_for_shop(*, shop, pk: int) -> Review:
    return Review.objects.for_shop(shop).get(pk=pk)


def reviews_by_item(*, order) -> dict[int, Review]:
    """The reviews already given on an order's lines, by order line id."""
    return {review.order_item_id: review for review in _with_photos(Review.objects.filter(order=order))}
