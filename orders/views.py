"""Buyer side: cart, checkout, confirmation, the order page and "Pesanan saya"."""

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.csrf import same_origin_post
from core.http import client_ip, get_or_404, redirect_next
from core.money import rupiah
from core.ratelimit import hit
from core.storage import private_file_response
from members.access import member_for
from products.models import Product

from . import services
from .cart import Cart, key_text, line_key, parse_key
from .exceptions import (
    EmptyCart,
    InsufficientStock,
    OrderError,
    PriceChanged,
    ProductExpired,
    TooManyOpenOrders,
)
from .forms import QUANTITY_ERRORS, BuyerCancelForm, CartAddForm, CheckoutForm, ComplaintForm, ReceiptForm
from .models import Checkout, Order
from .selectors import checkout_get, order_get_by_token, order_list_for_buyer, saved_addresses_for
from .words import terbilang

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


# No token in the product page's form (it is cached): Sec-Fetch-Site/Origin, or the token.
@same_origin_post
@require_POST
def cart_add(request):
    form = CartAddForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, errors[0])
        return redirect_next(request, "orders:cart")
    product = Product.objects.published().filter(pk=form.cleaned_data["product"]).first()
    if product is None:
        messages.error(request, _("Produk ini sudah tidak dijual."))
        return redirect("orders:cart")
    variant = None
    if product.has_variants:
        chosen = form.cleaned_data.get("variant")
        variant = product.variants.filter(pk=chosen).first() if chosen else None
        if variant is None:
            messages.error(request, _("Pilih %(option)s dulu.") % {"option": product.option1_name.lower()})
            return redirect(product.get_absolute_url())
    warning = Cart(request.session).add(product, form.cleaned_data["quantity"], variant=variant)
    if warning:
        messages.warning(request, warning)
    else:
        name = f"{product.name} ({variant.label})" if variant else product.name
        messages.success(request, _("%(name)s masuk keranjang.") % {"name": name})
    return redirect("orders:cart")


@require_POST
def cart_update(request):
    cart = Cart(request.session)
    refused = False
    for pk in list(cart.items):
        if request.POST.get("remove") == key_text(pk):
            cart.set(pk, 0)
            continue
        raw = (request.POST.get(f"qty_{key_text(pk)}") or "").strip()
        if not raw:
            continue
        if not raw.isascii() or not raw.isdigit():
            messages.error(request, QUANTITY_ERRORS["invalid"])
            refused = True
        elif len(raw) > 9 or int(raw) > settings.CART_MAX_QUANTITY:
            messages.error(
                request, QUANTITY_ERRORS["max_value"] % {"limit_value": settings.CART_MAX_QUANTITY}
            )
            refused = True
        else:
            cart.set(pk, int(raw))
    if not refused:
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
    # What she saw when she pressed the button: a price or quantity that changed since is shown to
    # her, and she confirms again; she is never charged a price she did not see.
    seen = parse_seen(request.POST.get("seen", ""))
    changes = _cart_changes(cart, groups, seen)
    if changes:
        return _render_changed(request, cart, changes)
    if not form.is_valid():
        return _render_checkout(request, form, groups, status=400)
    if not Checkout.objects.filter(token=form.cleaned_data["token"]).exists() and not hit(
        f"checkout:{client_ip(request)}", limit=settings.CHECKOUTS_PER_ADDRESS_PER_MINUTE, period=60
    ):
        # Carrier addresses are shared by many phones: the limit is generous, and what she typed stays.
        form.add_error(
            None,
            ValidationError(
                _(
                    "Terlalu banyak pesanan dari jaringan Anda dalam satu menit. "
                    "Tunggu sebentar lalu tekan Pesan lagi."
                ),
                code="too_many_checkouts",
            ),
        )
        return _render_checkout(request, form, groups, status=429)
    try:
        # One durable step: the orders, the emptied cart and "Pesanan saya" commit together. If the
        # app server dies after the commit but before answering, her cart no longer holds what she
        # bought (no duplicate order from checking out again) and "Pesanan saya" lists the order.
        with transaction.atomic():
            placed = services.order_place(
                token=form.cleaned_data["token"],
                lines=cart.items,
                buyer=form.buyer(),
                choices=form.choices(),
                user=request.user if request.user.is_authenticated else None,
                prices={pk: price for pk, (price, _qty) in seen.items()},
            )
            _remember_placed(request, cart, placed)
            request.session.save()
    except ProductExpired as error:
        cart.remove_products(error.product_ids)
        messages.error(request, _("%(error)s Sudah kami hapus dari keranjang.") % {"error": error})
        return redirect("orders:cart")
    except InsufficientStock as error:
        return _render_changed(request, cart, _shortage_changes(cart, error.shortages))
    except PriceChanged as error:
        return _render_changed(
            request,
            cart,
            [
                _("%(name)s: harga berubah dari %(old)s menjadi %(new)s.")
                % {"name": c.name, "old": rupiah(c.seen), "new": rupiah(c.now)}
                for c in error.changes
            ],
        )
    except EmptyCart:
        return redirect("orders:cart")
    except TooManyOpenOrders as error:
        form.add_error(None, ValidationError(str(error), code="too_many_open_orders"))
        return _render_checkout(request, form, groups, status=400)
    except OrderError as error:
        form.add_error(None, ValidationError(str(error), code="order_error"))
        return _render_checkout(request, form, groups, status=400)
    return redirect(placed.get_absolute_url())


def _remember_placed(request, cart, placed):
    cart.remove(
        [
            line_key(item.product_id, item.variant_id)
            for order in placed.orders.all()
            for item in order.items.all()
        ]
    )
    remembered = request.session.get(SESSION_ORDERS, [])
    if placed.access_token not in remembered:
        request.session[SESSION_ORDERS] = [*remembered, placed.access_token][-20:]


def snapshot(groups) -> str:
    """The lines as the checkout page shows them: "key:price:quantity,…" (sent back on submit)."""
    return ",".join(
        f"{line.key_text}:{line.price}:{line.quantity}"
        for group in groups
        for line in group.lines
        if not line.problem
    )


def parse_seen(raw: str) -> dict:
    """{line key: (price, quantity)} from a snapshot; anything malformed is left out (seen as changed)."""
    seen = {}
    for part in raw.split(",")[:200]:
        fields = part.split(":")
        if len(fields) == 3 and all(f.isascii() and f.isdigit() and len(f) <= 12 for f in fields[1:]):
            key = parse_key(fields[0])
            if key is not None:
                seen[key] = (int(fields[1]), int(fields[2]))
    return seen


def _cart_changes(cart, groups, seen) -> list[str]:
    """What differs between the cart now and what she saw; short lines are cut to the stock left."""
    changes = []
    lines = {line.key: line for group in groups for line in group.lines}
    for pk, line in lines.items():
        product = line.product
        name = f"{product.name} ({line.label})" if line.label else product.name
        if not product.is_public or line.stock == 0:
            cart.set(pk, 0)
            changes.append(_("%(name)s: sudah tidak tersedia, dihapus dari pesanan.") % {"name": name})
            continue
        if line.stock < line.quantity:
            cart.set(pk, line.stock)
            changes.append(
                _("%(name)s: Anda minta %(asked)d, tersisa %(left)d. Jumlahnya sudah disesuaikan.")
                % {"name": name, "asked": line.quantity, "left": line.stock}
            )
            continue
        if pk not in seen:
            changes.append(_("%(name)s: baru ada di keranjang.") % {"name": name})
            continue
        price, quantity = seen[pk]
        if price != line.price:
            changes.append(
                _("%(name)s: harga berubah dari %(old)s menjadi %(new)s.")
                % {"name": name, "old": rupiah(price), "new": rupiah(line.price)}
            )
        if quantity != line.quantity:
            changes.append(
                _("%(name)s: jumlah sekarang %(n)d (sebelumnya %(before)d).")
                % {"name": name, "n": line.quantity, "before": quantity}
            )
    if set(seen) - set(lines):
        changes.append(_("Ada produk yang sudah tidak ada di keranjang."))
    return changes


def _shortage_changes(cart, shortages) -> list[str]:
    changes = []
    for shortage in shortages:
        key = shortage.key if shortage.key is not None else shortage.product_id
        cart.set(key, min(cart.items.get(key, 0), shortage.available))
        changes.append(
            _("%(name)s: Anda minta %(asked)d, tersisa %(left)d. Jumlahnya sudah disesuaikan.")
            % {"name": shortage.name, "asked": shortage.requested, "left": shortage.available}
        )
    return changes


def _render_changed(request, cart, changes):
    """The checkout again, her details kept, with what changed; 409 as nothing was placed."""
    groups = cart.groups()
    if not groups:
        for change in changes:
            messages.error(request, change)
        return redirect("orders:cart")
    # Her input as she typed it (nothing lost), without error messages: she has not confirmed yet.
    form = CheckoutForm(initial=request.POST.dict(), groups=groups)
    return _render_checkout(request, form, groups, status=409, changes=changes)


# A saved address's fields (an order's) → the checkout form's.
CHECKOUT_FIELD = {"buyer_name": "name", "buyer_phone": "phone"}


def _render_checkout(request, form, groups, status=200, changes=(), addresses=None):
    return render(
        request,
        "orders/checkout.html",
        {
            "form": form,
            "groups": groups,
            "total": sum(g.subtotal for g in groups),
            "seen": snapshot(groups),
            "changes": changes,
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
        if action == "batalkan" and services.buyer_cancel_needs_refund(order):
            # Money is involved: she confirms on a page that says what happens to it.
            return redirect("orders:cancel", token=order.access_token)
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


def order_receipt_image(request, token):
    """The receipt photo, for whoever holds the order's link (it shows account details)."""
    return private_file_response(request, _order(token).receipt)


def order_refund_proof_image(request, token):
    """The proof of a refund, like the receipt: only through a view that checked who asks."""
    return private_file_response(request, _order(token).refund_proof)


def order_cancel(request, token):
    """
    Cancelling when money is involved (a receipt sent, or payment confirmed): the buyer reads what
    happens to her money, says where it goes back, and confirms; then the village owes a refund.
    """
    order = _order(token)
    if not services.buyer_steps(order=order)["can_cancel"]:
        messages.error(request, _("Pesanan ini tidak bisa dibatalkan lagi. Hubungi desa."))
        return redirect(order.get_absolute_url())
    needs_refund = services.buyer_cancel_needs_refund(order)
    form = BuyerCancelForm(request.POST or None, needs_refund=needs_refund)
    if request.method == "POST" and form.is_valid():
        actor = services.Actor(
            "buyer", services.BUYER, request.user if request.user.is_authenticated else None
        )
        try:
            services.order_transition(
                order=order,
                to=Order.Status.CANCELLED,
                actor=actor,
                note=form.cleaned_data["reason"],
                refund_account=form.cleaned_data.get("refund_account", ""),
            )
        except OrderError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Pesanan dibatalkan."))
        return redirect(order.get_absolute_url())
    return render(
        request,
        "orders/order_cancel.html",
        {"order": order, "form": form, "needs_refund": needs_refund},
        status=400 if form.is_bound else 200,
    )


def order_kwitansi(request, token):
    """The kwitansi (receipt of payment) of a paid order, print-styled for A4 or "save as PDF"."""
    order = _order(token)
    if not order.is_paid:
        messages.error(request, _("Kwitansi tersedia setelah pembayaran pesanan ini dikonfirmasi desa."))
        return redirect(order.get_absolute_url())
    return render(
        request,
        "orders/kwitansi.html",
        {
            "order": order,
            "needs_meterai": order.total > settings.KWITANSI_METERAI_ABOVE,
            "in_words": terbilang(order.total),
        },
    )


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
