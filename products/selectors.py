"""Reads of the public catalog: querysets with everything the pages show already joined."""

import json
from dataclasses import dataclass

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import (
    Count,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    Window,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import JSONObject
from django.utils import timezone

from core.caching import cached_list
from core.pagecache import catalog_fragment
from members.models import MemberProfile

from .models import Category, Product, ProductImage, ProductVariant

# Created by migration products.0002 on PostgreSQL: a copy of "indonesian" where the server has
# that Snowball configuration, of "simple" otherwise.
SEARCH_CONFIG = "desbumi"
MAX_QUERY_LENGTH = 100
# Beyond this a page number is an attack or a typo, not a reader (keeps OFFSET within bigint).
MAX_PAGE = 100_000


class Sort:
    RELEVANT = "relevan"
    NEWEST = "terbaru"
    CHEAPEST = "termurah"
    DEAREST = "termahal"


ORDERINGS = {
    Sort.NEWEST: ("-published_at", "-pk"),
    Sort.CHEAPEST: ("price", "pk"),
    Sort.DEAREST: ("-price", "-pk"),
}


@dataclass(frozen=True)
class CatalogFilters:
    """What a visitor asked of the catalog, already cleaned."""

    q: str = ""
    category: Category | None = None
    shop: object | None = None
    price_min: int | None = None
    price_max: int | None = None
    in_stock: bool = False
    sort: str = Sort.NEWEST


CATEGORY_CACHE_KEY = "catalog:categories:v1"


def category_list() -> list[Category]:
    """All categories, from the cache (invalidated when one changes, see products.signals)."""
    return cached_list(CATEGORY_CACHE_KEY, Category.objects.all)


def product_list_public(
    *, filters: CatalogFilters = CatalogFilters(), similar_names: bool = False
) -> QuerySet[Product]:
    """
    Published products of active villages, filtered and sorted as asked.

    With words to search, PostgreSQL finds them whole (stemmed) in the stored vector; with
    `similar_names`, it looks instead for names like them (typos, partial words): catalog_page
    asks for that when the words themselves find nothing.
    """
    products = Product.objects.published().with_card_related()
    if filters.category is not None:
        products = products.filter(category=filters.category)
    if filters.shop is not None:
        products = products.filter(shop=filters.shop)
    if filters.price_min is not None:
        products = products.filter(price__gte=filters.price_min)
    if filters.price_max is not None:
        products = products.filter(price__lte=filters.price_max)
    if filters.in_stock:
        products = products.in_stock()
    sort = filters.sort
    if filters.q:
        products = _search(products, filters.q[:MAX_QUERY_LENGTH], similar_names=similar_names)
        if sort == Sort.RELEVANT and connection.vendor == "postgresql":
            return products.order_by(F("rank").desc(nulls_last=True), "-published_at", "-pk")
    return products.order_by(*ORDERINGS.get(sort, ORDERINGS[Sort.NEWEST]))


def catalog_page(*, filters: CatalogFilters, number, per_page: int) -> Page:
    """
    The page of the catalog a visitor asked for (a category, a village, a search), with its total.

    Which products stand on it, and how many match in all, are kept per catalog version
    (core.pagecache.catalog_fragment: every product, stock, village, category or maker change
    starts a new one): a page asked for again costs one query by primary key, however many
    products match. Finding them (`_find_page`) costs a count or a ranking of every match, which
    grows with the catalog: 41 ms for the 6,221 jamu of 20,000 products, against 2 ms at 1,000
    (docs/performance.md). The day is part of the key, as a product past its expiry date leaves
    the catalog at midnight without a change.
    """
    number = _page_number(number)
    found = {}

    def find():
        page = found["page"] = _find_page(filters=filters, number=number, per_page=per_page)
        return [product.pk for product in page.object_list], page.paginator.count, page.number

    key = json.dumps(
        [
            filters.q,
            filters.category.pk if filters.category is not None else None,
            getattr(filters.shop, "pk", None),
            filters.price_min,
            filters.price_max,
            filters.in_stock,
            filters.sort,
            number,
            per_page,
            timezone.localdate().isoformat(),
        ]
    )
    ids, total, number = catalog_fragment("catalog-page", find, vary=(key,))
    if "page" in found:
        return found["page"]
    # published() again: a product hidden since, were a change ever to miss its bump, is left out.
    by_pk = Product.objects.published().with_card_related().in_bulk(ids)
    paginator = Paginator(Product.objects.none(), per_page)
    paginator.count = total  # Paginator.count is a cached_property
    return Page([by_pk[pk] for pk in ids if pk in by_pk], number, paginator)


def _find_page(*, filters: CatalogFilters, number: int, per_page: int) -> Page:
    """
    A search looks for the words first (the stored vector, a GIN index): one query. Only when
    they find nothing does it look for names like them ("maskr", "kunyi"), a second query on the
    trigram index. Running both at once cost a trigram comparison of every name the words did
    not match, plus one for every match's rank: 3× the category page's time at 20,000 products
    (docs/performance.md).
    """
    products = product_list_public(filters=filters)
    page = product_page(products, number, per_page=per_page, rank_all=bool(filters.q))
    if filters.q and not page.paginator.count and connection.vendor == "postgresql":
        similar = product_list_public(filters=filters, similar_names=True)
        page = product_page(similar, number, per_page=per_page)
    return page


def _search(products: QuerySet[Product], q: str, *, similar_names: bool) -> QuerySet[Product]:
    if connection.vendor == "postgresql":
        if similar_names:
            # `name %> q` (pg_trgm's word similarity at its default threshold, 0.6: "kunyit" shares
            # "  k" with "kencur"), always through the trigram index: migration products.0011.
            return products.filter(pk__in=RawSQL("SELECT products_names_like(%s)", [q])).annotate(
                rank=TrigramWordSimilarity(Value(q), "name")
            )
        # Whole words, stemmed (GIN index on the stored vector: name A, category and village B,
        # description C), so a product named for the word ranks above one that mentions it.
        query = SearchQuery(q, config=SEARCH_CONFIG, search_type="websearch")
        return products.filter(search_vector=query).annotate(rank=SearchRank(F("search_vector"), query))
    words = q.split()[:8]
    condition = Q()
    for word in words:
        condition &= (
            Q(name__icontains=word)
            | Q(description__icontains=word)
            | Q(category__name__icontains=word)
            | Q(shop__name__icontains=word)
        )
    return products.filter(condition)


def product_page(products: QuerySet[Product], number, *, per_page: int, rank_all: bool = True) -> Page:
    """
    One page of `products` and the total (plus the photos' prefetch).

    `rank_all`: every match is computed anyway (a search ranks them all), so the total rides
    along each row as `COUNT(*) OVER ()`, one query, and the search is not run a second time for
    the count. Otherwise the page's rows are read on their own, straight down an index in the
    page's order, and counted apart: the window would have joined and kept every match (41 ms
    for the 6,221 jamu of 20,000 products, against 15 ms for the count and 1 ms for the rows).
    A page number past the end (rare: an old link) costs one count more and shows the last page,
    as Paginator.get_page does.
    """
    number = _page_number(number)
    counted = products.annotate(total_count=Window(Count("pk"))) if rank_all else products
    start = (number - 1) * per_page
    rows = list(counted[start : start + per_page])
    paginator = Paginator(products, per_page)
    if rows and rank_all:
        paginator.count = rows[0].total_count  # Paginator.count is a cached_property
    elif rows:
        paginator.count = products.count()  # even where the rows tell it: the same queries always
    elif number == 1:
        paginator.count = 0
    else:
        number = paginator.num_pages  # one COUNT query, then the last page
        start = (number - 1) * per_page
        rows = list(counted[start : start + per_page])
    return Page(rows, number, paginator)


def _page_number(number) -> int:
    try:
        return min(max(int(number), 1), MAX_PAGE)
    except (TypeError, ValueError):
        return 1


def product_get_public(*, slug: str) -> Product:
    """
    The published product with this slug, its variants included (Product.variant_list); raises
    Product.DoesNotExist otherwise.
    """
    products = Product.objects.published().with_listing_related()
    if connection.vendor == "postgresql":
        # Its sizes as one array column of the same query: the page's budget is five queries.
        products = products.annotate(
            variant_rows=ArraySubquery(
                ProductVariant.objects.filter(product=OuterRef("pk"))
                .order_by("position", "pk")
                .values(
                    json=JSONObject(
                        id="pk",
                        option1="option1",
                        option2="option2",
                        price="price",
                        stock="stock",
                        image_id="image_id",
                        position="position",
                    )
                )
            )
        )
    return products.get(slug=slug)


def product_list_more_from_shop(*, product: Product, limit: int = 4) -> QuerySet[Product]:
    return (
        Product.objects.published()
        .with_card_related()
        .filter(shop_id=product.shop_id)
        .exclude(pk=product.pk)
        .order_by("-published_at", "-pk")[:limit]
    )


def product_list_by_maker(*, member, limit: int = 24) -> QuerySet[Product]:
    return (
        Product.objects.published()
        .with_card_related()
        .filter(made_by=member)
        .order_by("-published_at", "-pk")[:limit]
    )


# ----------------------------------------------------------------------------------------------
# Seller dashboard: always scoped to the member; another village's product is simply not found.
# ----------------------------------------------------------------------------------------------
def product_list_for_member(*, member, status: str | None = None) -> QuerySet[Product]:
    """The products a member manages: the whole village for a ketua, her own for an anggota."""
    products = Product.objects.filter(shop_id=member.shop_id).select_related("category", "made_by")
    if not member.is_ketua:
        products = products.filter(made_by=member)
    if status:
        products = products.filter(status=status)
    else:
        products = products.exclude(status=Product.Status.ARCHIVED)
    return products.prefetch_related(
        Prefetch("images", queryset=ProductImage.objects.order_by("position", "pk")),
        # Stock is changed per size from the list (one query for the page, whatever it holds).
        Prefetch("variants", queryset=ProductVariant.objects.order_by("position", "pk")),
    ).order_by("-updated_at", "-pk")


def product_get_for_member(*, member, pk: int) -> Product:
    """One product the member manages; raises Product.DoesNotExist for any other (another village's)."""
    products = Product.objects.select_related("category", "made_by", "shop").filter(shop_id=member.shop_id)
    if not member.is_ketua:
        products = products.filter(made_by=member)
    return products.get(pk=pk)


def staged_photos_for_member(*, member, ids, product: Product | None = None) -> list[ProductImage]:
    """Photos by id that this member's form may show: staged by her, or the product's own."""
    condition = Q(product__isnull=True, shop_id=member.shop_id, uploaded_by=member)
    if product is not None and product.pk:
        condition |= Q(product=product)
    found = {image.pk: image for image in ProductImage.objects.filter(condition, pk__in=ids)}
    return [found[pk] for pk in ids if pk in found]


def maker_list_for_member(*, member) -> list:
    """Approved members of her village a ketua may credit as the maker."""
    return list(
        MemberProfile.objects.filter(shop_id=member.shop_id, status=MemberProfile.Status.APPROVED).order_by(
            "display_name"
        )
    )
