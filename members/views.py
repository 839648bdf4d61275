"""Public member page: exists only with her consent, shows only what she agreed to."""

from django.http import Http404
from django.shortcuts import render

from products.selectors import product_list_by_maker

from .models import MemberProfile
from .selectors import member_get_public


def member_public(request, slug):
    try:
        member = member_get_public(slug=slug)
    except MemberProfile.DoesNotExist:
        raise Http404 from None
    return render(
        request,
        "members/member_public.html",
        {"member": member, "products": product_list_by_maker(member=member)},
    )
