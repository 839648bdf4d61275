"""Buyer side: cart, checkout, confirmation, the order page and "Pesanan saya"."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.http import get_or_404
from members.access import member_for
from products.models import Product

from . import services
from .cart import Cart
from .exceptions import EmptyCart, InsufficientStock, OrderError
from .forms import CartAddForm, CheckoutForm, ComplaintForm, ReceiptForm
from .models import Order
from .selectors import (
    checkout_get,
    order_get_by_token,
    order_list_for_buyer,
    saved_addresses_for,
)

SESSION_ORDERS = "my_checkouts"


def cart(request):
    cart = Cart(request.session)
    groups = cart.groups()
    return render(
        request,
        "orders/cart.html",
        {
            "groups": groups,
            "total": sum(g.subtotal for g in groups),
            "can_checkout": bool(groups) and not any(line.problem for g in groups for line in g.lines),
        },
    )


@require_POST
def cart_add(request):
    form = CartAddForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, errors[0])
        return redirect(request.POST.get("next") or "orders:cart")
    product = Product.objects.published().filter(pk=form.cleaned_data["product"]).first()
    if product is None:
        messages.error(request, _("Produk ini sudah tidak dijual."))
        return redirect("orders:cart")
    warning = Cart(request.session).add(product, form.cleaned_data["quantity"])
    if warning:
        messages.warning(request, warning)
    else:
        messages.success(request, _("%(name)s masuk keranjang.") % {"name": product.name})
    return redirect("orders:cart")


@require_POST
def cart_update(request):
    cart = Cart(request.session)
    for pk in list(cart.items):
        if request.POST.get("remove") == str(pk):
            cart.set(pk, 0)
            continue
        raw = request.POST.get(f"qty_{pk}")
        if raw is None:
            continue
        if not raw.strip().isdigit() or len(raw.strip()) > 4:
            messages.error(request, _("Jumlah harus berupa angka, misalnya 2."))
            continue
        cart.set(pk, int(raw))
    messages.success(request, _("Keranjang diperbarui."))
    return redirect("orders:cart")


def checkout(request):
    cart = Cart(request.session)
    groups = cart.groups()
    if not groups:
        messages.info(request, _("Keranjang Anda kosong."))
        return redirect("orders:cart")
    if request.method != "POST":
        if any(line.problem for g in groups for line in g.lines):
            messages.error(request, _("Periksa dulu produk yang bertanda merah di keranjang."))
            return redirect("orders:cart")
        initial = {"token": uuid.uuid4().hex}
        addresses = saved_addresses_for(user=request.user)
        if request.user.is_authenticated:
            initial["email"] = request.user.email
        chosen = request.GET.get("alamat", "0")
        if addresses:
            index = int(chosen) if chosen.isdigit() and int(chosen) < len(addresses) else 0
            # Prefilled from the address she chose (her latest by default); she may still change it.
            initial.update({CHECKOUT_FIELD.get(k, k): v for k, v in addresses[index].items()})
            initial["chosen_address"] = index
        form = CheckoutForm(initial=initial, groups=groups)
        return _render_checkout(request, form, groups, addresses=addresses)

    form = CheckoutForm(request.POST, groups=groups)
    if not form.is_valid():
        return _render_checkout(request, form, groups, status=400)
    try:
        placed = services.order_place(
            token=form.cleaned_data["token"],
            lines=cart.items,
            buyer=form.buyer(),
            choices=form.choices(),
            user=request.user if request.user.is_authenticated else None,
        )
    except InsufficientStock as error:
        for shortage in error.shortages:
            cart.set(shortage.product_id, min(cart.items.get(shortage.product_id, 0), shortage.available))
            messages.error(
                request,
                _("%(name)s: Anda minta %(asked)d, tersisa %(left)d. Jumlah di keranjang sudah disesuaikan.")
                % {"name": shortage.name, "asked": shortage.requested, "left": shortage.available},
            )
        return redirect("orders:cart")
    except EmptyCart:
        return redirect("orders:cart")
    except OrderError as error:
        form.add_error(None, ValidationError(str(error), code="order_error"))
        return _render_checkout(request, form, groups, status=400)
    cart.remove([item.product_id for order in placed.orders.all() for item in order.items.all()])
    remembered = request.session.get(SESSION_ORDERS, [])
    if placed.access_token not in remembered:
        request.session[SESSION_ORDERS] = [*remembered, placed.access_token][-20:]
    return redirect(placed.get_absolute_url())


# A saved address's fields (an order's) → the checkout form's.
CHECKOUT_FIELD = {"buyer_name": "name", "buyer_phone": "phone"}


def _render_checkout(request, form, groups, status=200, addresses=None):
    return render(
        request,
        "orders/checkout.html",
        {
            "form": form,
            "groups": groups,
            "total": sum(g.subtotal for g in groups),
            "addresses": addresses or [],
            "chosen_address": form.initial.get("chosen_address"),
        },
        status=status,
    )


def confirmation(request, token):
    placed = get_or_404(checkout_get, access_token=token)
    return render(request, "orders/confirmation.html", {"checkout": placed, "orders": placed.orders.all()})


def _order(token):
    return get_or_404(order_get_by_token, token=token)


def order_detail(request, token):
    order = _order(token)
    return render(
        request,
        "orders/order_detail.html",
        {
            "order": order,
            "receipt_form": ReceiptForm(),
            "complaint_form": ComplaintForm(),
            **services.buyer_steps(order=order),
        },
    )


@require_POST
def order_receipt(request, token):
    order = _order(token)
    form = ReceiptForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.order_upload_receipt(order=order, uploaded=form.cleaned_data["receipt"])
        except ValidationError as error:
            messages.error(request, error.messages[0])
        except OrderError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Bukti transfer terkirim. Desa akan memeriksanya."))
    else:
        messages.error(request, form.errors["receipt"][0])
    return redirect(order.get_absolute_url())


@require_POST
def order_buyer_action(request, token, action):
    order = _order(token)
    actor = services.Actor("buyer", services.BUYER, request.user if request.user.is_authenticated else None)
    try:
        if action == "batalkan":
            services.order_transition(
                order=order, to=Order.Status.CANCELLED, actor=actor, note=request.POST.get("note", "")[:300]
            )
            messages.success(request, _("Pesanan dibatalkan."))
        elif action == "diterima":
            services.order_transition(order=order, to=Order.Status.COMPLETED, actor=actor)
            messages.success(request, _("Terima kasih! Pesanan selesai."))
        elif action == "komplain":
            form = ComplaintForm(request.POST)
            if not form.is_valid():
                messages.error(request, form.errors["text"][0])
            else:
                services.order_open_complaint(order=order, text=form.cleaned_data["text"])
                messages.success(request, _("Komplain terkirim ke desa."))
        else:
            raise Http404
    except OrderError as error:
        messages.error(request, str(error))
    return redirect(order.get_absolute_url())


def receipt_response(order: Order) -> FileResponse:
    """The receipt photo, only through a view that checked who asks (it shows account details)."""
    if not order.receipt:
        raise Http404
    response = FileResponse(order.receipt.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def order_receipt_image(request, token):
    return receipt_response(_order(token))


def my_orders(request):
    tokens = request.session.get(SESSION_ORDERS, [])
    orders = order_list_for_buyer(user=request.user, checkout_tokens=tokens)
    return render(request, "orders/my_orders.html", {"orders": orders})


# ------------------------------------------------------------------------------------------------
# The buyer's own account (/akun/saya/): where a buyer lands after login
# ------------------------------------------------------------------------------------------------
@login_required
def account(request):
    """Her orders, her saved addresses, reorder, her email and password, her data."""
    if member_for(request.user) is not None and "buyer" not in request.GET:
        # Members land on their dashboard (LOGIN_REDIRECT_URL is this page for everyone).
        return redirect("members:dashboard")
    orders = order_list_for_buyer(user=request.user, checkout_tokens=request.session.get(SESSION_ORDERS, []))
    return render(
        request,
        "orders/account.html",
        {"orders": orders[:50], "addresses": saved_addresses_for(user=request.user)},
    )


@login_required
@require_POST
def reorder(request, token):
    """Put an order's items back in the cart and say what changed in price or stock."""
    order = _order(token)
    if order.user_id != request.user.pk and order.checkout.access_token not in request.session.get(
        SESSION_ORDERS, []
    ):
        raise Http404
    changes = services.order_reorder(order=order, cart=Cart(request.session))
    if changes:
        for change in changes:
            messages.warning(request, change)
    else:
        messages.success(
            request, _("Semua barang pesanan %(number)s masuk keranjang.") % {"number": order.number}
        )
    return redirect("orders:cart")
