"""Public catalog pages: thin views over selectors.

The village page and a member's page live here too: each shows products beside a village's or a
member's own data, and products is the lowest app that may read shops, members and products.
"""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.csrf import same_origin_post
from core.http import get_or_404
from core.pagecache import catalog_fragment, public_page
from members.selectors import member_get_public, member_list_public
from shops.selectors import shop_get_public, shop_list_public

from . import detail_hooks, seo, services
from .exceptions import StockAlertError
from .forms import CatalogFilterForm, StockAlertForm
from .models import Category
from .selectors import (
    category_list,
    product_get_public,
    product_list_by_maker,
    product_list_more_from_shop,
    product_list_public,
    product_page,
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
    page = product_page(
        product_list_public(filters=filters), request.GET.get("page"), per_page=settings.CATALOG_PAGE_SIZE
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


@public_page
def home(request):
    # Everything under the header shows only catalog rows: rendered once per catalog version and
    # language for every visitor (core.pagecache.catalog_fragment), session or not; the header
    # and footer (her name, her messages) are rendered per request around it.
    def render_parts():
        context = {
            "shops": list(shop_list_public()),
            "categories": list(category_list()),
            "products": list(product_list_public()[: settings.HOME_NEWEST_COUNT]),
        }
        return (
            render_to_string("products/partials/_home_head.html", context, request),
            render_to_string("products/partials/_home_body.html", context, request),
        )

    head, body = catalog_fragment("home", render_parts, vary=(get_language(),))
    # The parts are HTML this template rendered (auto-escaped there); the cache returns them as str.
    return render(request, "products/home.html", {"home_head": mark_safe(head), "home_body": mark_safe(body)})


@public_page
def search(request):
    categories = list(category_list())
    shops = list(shop_list_public())
    return render_catalog(
        request,
        template="products/product_search.html",
        context={"categories": categories, "shops": shops},
        shops=shops,
    )


@public_page
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


@public_page
def product_detail(request, slug):
    product = get_or_404(product_get_public, slug=slug)
    alert_form = StockAlertForm(user=request.user) if not product.stock else None
    return _render_product(request, product, alert_form=alert_form)


def _render_product(request, product, *, alert_form, status=200):
    """A product's page; `alert_form` is the sold-out "Ingatkan saya" form (None when in stock)."""
    return render(
        request,
        "products/product_detail.html",
        {
            "product": product,
            "more": product_list_more_from_shop(product=product),
            "jsonld": seo.product_jsonld(product),
            "alert_form": alert_form,
            "variants": _variant_picker(product),
            **detail_hooks.context_for(product),
        },
        status=status,
    )


def _variant_picker(product) -> list[tuple]:
    """(variant, its photo or None) for each size; the photos are the product's, already loaded."""
    if not product.has_variants:
        return []
    photos = {image.pk: image for image in product.images.all()}
    return [(variant, photos.get(variant.image_id)) for variant in product.variant_list]


@public_page
def shop_detail(request, slug):
    """A village: its members who agreed to be shown, and its catalog."""
    shop = get_or_404(shop_get_public, slug=slug)
    return render_catalog(
        request,
        template="shops/shop_detail.html",
        context={"shop": shop, "members": list(member_list_public(shop=shop))},
        fixed_shop=shop,
    )


@public_page
def member_public(request, slug):
    """A member's public page (only with her consent) and what she makes."""
    member = get_or_404(member_get_public, slug=slug)
    return render(
        request,
        "members/member_public.html",
        {"member": member, "products": product_list_by_maker(member=member)},
    )


@same_origin_post
@require_POST
def stock_alert(request, slug):
    """ "Ingatkan saya" on a sold-out product."""
    product = get_or_404(product_get_public, slug=slug)
    form = StockAlertForm(request.POST, user=request.user)
    if not form.is_valid():
        return _render_product(request, product, alert_form=form, status=400)
    try:
        alert = services.stock_alert_subscribe(
            product=product, email=form.cleaned_data["email"], user=request.user
        )
    except StockAlertError as error:
        messages.info(request, str(error))
    else:
        if alert.confirmed_at:
            messages.success(request, _("Baik! Kami beri tahu Anda sekali saat stok tersedia lagi."))
        else:
            messages.success(
                request,
                _("Cek email %(email)s dan buka tautan konfirmasinya; tanpa itu kami tidak mengirim apa pun.")
                % {"email": alert.email},
            )
    return redirect(product.get_absolute_url())


def stock_alert_confirm(request, token):
    alert = get_or_404(services.stock_alert_confirm, token=token)
    messages.success(
        request,
        _("Email Anda terkonfirmasi. Kami beri tahu sekali saat %(name)s tersedia lagi.")
        % {"name": alert.product.name},
    )
    if not alert.product.is_public:
        return redirect("products:home")
    return redirect(alert.product.get_absolute_url())
