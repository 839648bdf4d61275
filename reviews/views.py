"""The buyer's review page (through her order link) and the village's reviews desk."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import add_service_errors
from core.http import get_or_404
from members.access import order_handler_required
from orders.models import Order
from orders.selectors import order_get_by_token

from . import selectors, services
from .exceptions import ReviewError
from .forms import ReplyForm, ReviewForm


def _lines(order, reviews, bound=None):
    lines = []
    for item in order.items.all():
        form = (
            bound if bound is not None and bound.prefix == f"item{item.pk}" else ReviewForm(item_id=item.pk)
        )
        lines.append({"item": item, "review": reviews.get(item.pk), "form": form})
    return lines


def order_reviews(request, token):
    """Every line of a completed order: her review, or a form to give one."""
    order = get_or_404(order_get_by_token, token=token)
    if order.status != Order.Status.COMPLETED:
        messages.info(request, _("Ulasan bisa diberikan setelah pesanan selesai."))
        return redirect(order.get_absolute_url())
    reviews = selectors.reviews_by_item(order=order)
    return render(request, "reviews/order_reviews.html", {"order": order, "lines": _lines(order, reviews)})


@require_POST
def review_add(request, token, item_id):
    order = get_or_404(order_get_by_token, token=token)
    if not order.items.filter(pk=item_id).exists():
        raise Http404
    form = ReviewForm(request.POST, request.FILES, item_id=item_id)
    if form.is_valid():
        try:
            services.review_create(
                order=order,
                item_id=item_id,
                rating=form.cleaned_data["rating"],
                text=form.cleaned_data["text"],
                photos=form.cleaned_data["photos"],
                user=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, ValidationError({"photos": error.error_list}))
        except ReviewError as error:
            messages.error(request, str(error))
            return redirect("reviews:order", token=token)
        else:
            messages.success(request, _("Terima kasih! Ulasan Anda sudah tampil di halaman produk."))
            return redirect("reviews:order", token=token)
    reviews = selectors.reviews_by_item(order=order)
    return render(
        request,
        "reviews/order_reviews.html",
        {"order": order, "lines": _lines(order, reviews, bound=form)},
        status=400,
    )


# ------------------------------------------------------------------------------------------------
# The village
# ------------------------------------------------------------------------------------------------
@order_handler_required
def dashboard(request):
    page = Paginator(selectors.review_list_for_shop(shop=request.member.shop), 20).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "reviews/dashboard/review_list.html",
        {"dash_section": "reviews", "page": page, "reviews": page.object_list, "reply_form": ReplyForm()},
    )


@order_handler_required
@require_POST
def reply(request, pk):
    review = get_or_404(selectors.review_get_for_shop, shop=request.member.shop, pk=pk)
    form = ReplyForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["text"][0])
        return redirect("reviews:dashboard")
    try:
        services.review_reply(
            review=review, shop=request.member.shop, text=form.cleaned_data["text"], by=request.user
        )
    except ReviewError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Balasan terkirim dan tampil di bawah ulasan."))
    return redirect("reviews:dashboard")
