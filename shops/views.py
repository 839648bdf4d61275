"""The public village page."""

from django.http import Http404

from core.pagecache import public_page
from members.selectors import member_list_public
from products.views import render_catalog

from .models import Shop
from .selectors import shop_get_public


@public_page
def shop_detail(request, slug):
    try:
        shop = shop_get_public(slug=slug)
    except Shop.DoesNotExist:
        raise Http404 from None
    return render_catalog(
        request,
        template="shops/shop_detail.html",
        context={"shop": shop, "members": list(member_list_public(shop=shop))},
        fixed_shop=shop,
    )
