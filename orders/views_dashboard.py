"""
The village's order desk (/dasbor/pesanan/) and its delivery/payment settings (/dasbor/desa/).

Thin views: every order step is one call of orders.services with the village as the actor;
refused steps and bad input become messages in Bahasa Indonesia, never a 500. Another village's
order is a 404, whatever id is typed.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.http import get_or_404
from core.money import rupiah
from core.phone import whatsapp_link
from core.storage import private_file_response
from members.access import order_handler_required

from . import selectors, services
from .exceptions import OrderError
from .forms_dashboard import CancelForm, RefundForm, RejectReceiptForm, ResolveComplaintForm, ShipForm
from .models import Order

# The forms of the steps that need a few words, by action slug.
ACTION_FORMS = {
    "kirim": ShipForm,
    "batalkan": CancelForm,
    selectors.RESOLVE_COMPLAINT: ResolveComplaintForm,
    selectors.REJECT_RECEIPT: RejectReceiptForm,
    selectors.REFUND: RefundForm,
}
# The forms that need to know the order (its delivery method, the buyer's account).
ORDER_FORMS = (ShipForm, RefundForm)


def _get_order(request, pk) -> Order:
    return get_or_404(selectors.order_get_for_shop, shop=request.member.shop, pk=pk)


def _actor(request) -> services.Actor:
    return services.Actor("village", request.member.display_name, request.user)


def _new_form(action, order, data=None, files=None):
    form_class = ACTION_FORMS[action]
    return form_class(data, files, order=order) if form_class in ORDER_FORMS else form_class(data, files)


# ------------------------------------------------------------------------------------------------
# The order desk
# ------------------------------------------------------------------------------------------------
@order_handler_required
def order_list(request):
    shop = request.member.shop
    tab = request.GET.get("tab", selectors.NEEDS_ACTION)
    if tab not in {slug for slug, _label, _q in selectors.ORDER_TABS}:
        tab = selectors.NEEDS_ACTION
    page = Paginator(selectors.order_list_for_shop(shop=shop, tab=tab), 20).get_page(request.GET.get("page"))
    counts = selectors.order_tab_counts(shop=shop)
    return render(
        request,
        "orders/dashboard/order_list.html",
        {
            "dash_section": "orders",
            "page": page,
            "orders": page.object_list,
            "tab": tab,
            "tabs": [(slug, label, counts[slug]) for slug, label, _q in selectors.ORDER_TABS],
            "query_without_page": f"tab={tab}",
        },
    )


def _buyer_whatsapp(request, order) -> str:
    text = _("Halo %(name)s, kami dari Desa %(shop)s tentang pesanan Anda %(number)s di Desbumi Market.") % {
        "name": order.buyer_name,
        "shop": order.shop.name,
        "number": order.number,
    }
    return whatsapp_link(order.buyer_phone, text)


def _render_detail(request, order, *, bound=None, status=200):
    """The order page; `bound` is (action, form) to show a refused form with its errors."""
    actions = selectors.order_village_actions(order=order)
    forms = {action: _new_form(action, order) for action in ACTION_FORMS if action in actions}
    if bound is not None:
        forms[bound[0]] = bound[1]
    return render(
        request,
        "orders/dashboard/order_detail.html",
        {
            "dash_section": "orders",
            "order": order,
            "actions": actions,
            "ship_form": forms.get("kirim"),
            "cancel_form": forms.get("batalkan"),
            "complaint_form": forms.get(selectors.RESOLVE_COMPLAINT),
            "reject_form": forms.get(selectors.REJECT_RECEIPT),
            "refund_form": forms.get(selectors.REFUND),
            "whatsapp_url": _buyer_whatsapp(request, order) if order.buyer_phone else "",
        },
        status=status,
    )


@order_handler_required
def order_detail(request, pk):
    return _render_detail(request, _get_order(request, pk))


@order_handler_required
def order_receipt_image(request, pk):
    """The buyer's transfer receipt, for her village's order handlers only."""
    return private_file_response(request, _get_order(request, pk).receipt)


@order_handler_required
def order_refund_proof_image(request, pk):
    """The proof of a refund, for the village's order handlers only (the buyer has her own link)."""
    return private_file_response(request, _get_order(request, pk).refund_proof)


@order_handler_required
def order_packing_slip(request, pk):
    """A print-styled packing slip: what goes in the parcel, made by whom, to where."""
    return render(request, "orders/dashboard/packing_slip.html", {"order": _get_order(request, pk)})


def _success_message(action, order) -> str:
    values = {"number": order.number, "amount": rupiah(order.refund_due)}
    if action == "batalkan" and order.refund_due and not order.refunded_at:
        return (
            _(
                "Pesanan %(number)s dibatalkan dan stoknya dikembalikan. Kembalikan %(amount)s ke pembeli, "
                "lalu tekan “Dana sudah dikembalikan”."
            )
            % values
        )
    texts = {
        "konfirmasi-bayar": _("Pembayaran pesanan %(number)s dikonfirmasi. Sekarang kemas pesanannya."),
        "kemas": _("Pesanan %(number)s ditandai Dikemas."),
        "kirim": _("Pesanan %(number)s ditandai Dikirim."),
        "siap-diambil": _("Pesanan %(number)s ditandai Siap Diambil."),
        "selesai": _("Pesanan %(number)s selesai."),
        "batalkan": _("Pesanan %(number)s dibatalkan dan stoknya dikembalikan."),
        selectors.REFUND: _("Pengembalian dana %(amount)s untuk pesanan %(number)s sudah dicatat."),
        selectors.REJECT_RECEIPT: _(
            "Bukti transfer pesanan %(number)s ditandai tidak valid. Pembeli diberi tahu alasannya."
        ),
        selectors.RESOLVE_COMPLAINT: _("Komplain pesanan %(number)s ditandai selesai."),
    }
    return texts[action] % values


def _perform(action, order, actor, data) -> Order:
    """One service call per action; raises OrderError (InvalidTransition) when the rules refuse."""
    if action == selectors.REFUND:
        return services.order_record_refund(
            order=order,
            actor=actor,
            date=data["date"],
            method=data["method"],
            account=data.get("account", ""),
            proof=data.get("proof"),
        )
    if action == selectors.REJECT_RECEIPT:
        return services.order_reject_receipt(order=order, actor=actor, reason=data.get("reason", ""))
    if action == selectors.RESOLVE_COMPLAINT:
        return services.order_resolve_complaint(order=order, actor=actor, note=data.get("note", ""))
    to = selectors.VILLAGE_STEPS[action]
    if action == "kirim":
        return services.order_transition(
            order=order,
            to=to,
            actor=actor,
            courier_name=data.get("courier_name", ""),
            tracking_number=data.get("tracking_number", ""),
        )
    return services.order_transition(order=order, to=to, actor=actor, note=data.get("reason", ""))


@order_handler_required
@require_POST
def order_action(request, pk, action):
    order = _get_order(request, pk)
    if action not in selectors.VILLAGE_ACTIONS:
        raise Http404
    data = {}
    if action in ACTION_FORMS:
        form = _new_form(action, order, request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
        elif action in selectors.order_village_actions(order=order):
            messages.error(request, _("Pesanan belum diubah. Lihat pesan merah di bawah."))
            return _render_detail(request, order, bound=(action, form), status=400)
        elif action == selectors.REFUND:
            messages.error(request, _("Tidak ada dana yang perlu dikembalikan untuk pesanan ini."))
            return redirect("orders:dashboard_detail", pk=order.pk)
        # A step the page does not offer: the service below refuses it with the reason.
    try:
        order = _perform(action, order, _actor(request), data)
    except ValidationError as error:
        # A proof photo that is not a photo: shown beside its field, nothing recorded.
        form.add_error("proof", error)
        messages.error(request, _("Pesanan belum diubah. Lihat pesan merah di bawah."))
        return _render_detail(request, order, bound=(action, form), status=400)
    except OrderError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _success_message(action, order))
    return redirect("orders:dashboard_detail", pk=order.pk)
