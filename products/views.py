"""Public catalog pages: thin views over selectors.

The village page and a member's page live here too: each shows products beside a village's or a
member's own data, and products is the lowest app that may read shops, members and products.
"""

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from core.http import get_or_404
from members.selectors import member_get_public, member_list_public
from shops.selectors import shop_get_public, shop_list_public

from . import detail_hooks, seo
from .forms import CatalogFilterForm
from .models import Category
from .selectors import (
    category_list,
    product_get_public,
    product_list_by_maker,
    product_list_more_from_shop,
    product_list_public,
)


def render_catalog(request, *, template, context, fixed_category=None, fixed_shop=None, shops=None):
    categories = context.get("categories")
    if categories is None:
        categories = list(category_list())
    form = CatalogFilterForm(
        request.GET,
        categories=categories,
        shops=shops if shops is not None else [],
        fixed_category=fixed_category,
        fixed_shop=fixed_shop,
    )
    filters = form.filters()
    page = Paginator(product_list_public(filters=filters), settings.CATALOG_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    # Evaluated once here: the page's head (its link preview picture) and its grid share the rows.
    page.object_list = list(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    context.update(
        form=form,
        filters=filters,
        page=page,
        products=page.object_list,
        query_without_page=query.urlencode(),
    )
    return render(request, template, context)


def home(request):
    shops = list(shop_list_public())
    categories = list(category_list())
    newest = list(product_list_public()[: settings.HOME_NEWEST_COUNT])
    return render(
        request,
        "products/home.html",
        {"shops": shops, "categories": categories, "products": newest},
    )


def search(request):
    categories = list(category_list())
    shops = list(shop_list_public())
    return render_catalog(
        request,
        template="products/product_search.html",
        context={"categories": categories, "shops": shops},
        shops=shops,
    )


def category_detail(request, slug):
    category = get_object_or_404(Category, slug=slug)
    shops = list(shop_list_public())
    return render_catalog(
        request,
        template="products/category_detail.html",
        context={"category": category, "categories": [category], "shops": shops},
        fixed_category=category,
        shops=shops,
    )


def product_detail(request, slug):
    product = get_or_404(product_get_public, slug=slug)
    return render(
        request,
        "products/product_detail.html",
        {
            "product": product,
            "more": product_list_more_from_shop(product=product),
            "jsonld": seo.product_jsonld(product),
            **detail_hooks.context_for(product),
        },
    )


def shop_detail(request, slug):
    """A village: its members who agreed to be shown, and its catalog."""
    shop = get_or_404(shop_get_public, slug=slug)
    return render_catalog(
        request,
        template="shops/shop_detail.html",
        context={"shop": shop, "members": list(member_list_public(shop=shop))},
        fixed_shop=shop,
    )


def member_public(request, slug):
    """A member's public page (only with her consent) and what she makes."""
    member = get_or_404(member_get_public, slug=slug)
    return render(
        request,
        "members/member_public.html",
        {"member": member, "products": product_list_by_maker(member=member)},
    )
