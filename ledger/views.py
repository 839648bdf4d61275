"""
"Penghasilan saya" for a member (/dasbor/penghasilan/) and the ketua's payout desk
(/dasbor/pembayaran-anggota/). Thin views: one service per write; another village's member or
payout is a 404 whatever id is typed. Each page costs the same queries at 10 or 5,000 sales.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import add_service_errors
from core.http import get_or_404
from core.money import rupiah
from core.storage import private_file_response
from members.access import ketua_required, profile_required
from members.models import MemberProfile

from . import selectors, services
from .exceptions import PayoutError
from .forms import KasForm, PayoutForm
from .models import Payout


# ------------------------------------------------------------------------------------------------
# The member
# ------------------------------------------------------------------------------------------------
@profile_required
def income(request):
    member = request.member
    return render(
        request,
        "ledger/income.html",
        {
            "dash_section": "income",
            "income": selectors.member_income(member=member),
            "by_month": selectors.member_income_by_month(member=member),
            "by_product": selectors.member_income_by_product(member=member),
            "payouts": selectors.payout_list_for_member(member=member),
        },
    )


@require_POST
@profile_required
def payout_confirm(request, pk):
    payout = get_or_404(Payout.objects.filter(member=request.member).get, pk=pk)
    try:
        services.payout_confirm(payout=payout, member=request.member)
    except PayoutError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Terima kasih. Anda mengonfirmasi menerima %(amount)s.") % {"amount": rupiah(payout.amount)},
        )
    return redirect("ledger:income")


@profile_required
def payout_slip(request, pk):
    """The signed slip's photo: for the member it was paid to and her village's ketua only."""
    member = request.member
    payouts = Payout.objects.all()
    if member.is_ketua and member.status == MemberProfile.Status.APPROVED:
        payouts = payouts.filter(shop=member.shop)
    else:
        payouts = payouts.filter(member=member)
    payout = get_or_404(payouts.get, pk=pk)
    return private_file_response(request, payout.slip)


# ------------------------------------------------------------------------------------------------
# The ketua
# ------------------------------------------------------------------------------------------------
def _desk(request, *, form=None, kas_form=None, status=200):
    shop = request.member.shop
    balances = list(selectors.village_balances(shop=shop))
    payable = [m for m in balances if m.balance > 0]
    return render(
        request,
        "ledger/payouts.html",
        {
            "dash_section": "payouts",
            "balances": balances,
            "owed_total": sum(m.balance for m in balances),
            "form": form or PayoutForm(members=payable),
            "kas_form": kas_form or KasForm(initial={"percent": services.kas_percent(shop=shop)}),
            "kas": selectors.village_kas(shop=shop),
            "kas_history": selectors.kas_history(shop=shop)[:5],
            "payouts": selectors.recent_payouts(shop=shop),
        },
        status=status,
    )


@ketua_required
def payouts(request):
    if request.method != "POST":
        return _desk(request)
    shop = request.member.shop
    members = MemberProfile.objects.filter(shop=shop)
    form = PayoutForm(request.POST, request.FILES, members=members)
    if form.is_valid():
        member = members.get(pk=form.cleaned_data["member"])
        try:
            payout = services.payout_record(
                member=member,
                amount=form.cleaned_data["amount"],
                method=form.cleaned_data["method"],
                paid_on=form.cleaned_data["paid_on"],
                slip=form.cleaned_data["slip"],
                user=request.user,
                label=request.member.display_name,
            )
        except PayoutError as exc:
            form.add_error("amount", str(exc))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Pembayaran %(amount)s untuk %(name)s dicatat.")
                % {"amount": rupiah(payout.amount), "name": member.display_name},
            )
            return redirect("ledger:payouts")
    return _desk(request, form=form, status=400)


@require_POST
@ketua_required
def payout_cancel(request, pk):
    """Undo a payout recorded by mistake (before the member confirmed it), with a reason."""
    payout = get_or_404(Payout.objects.filter(shop=request.member.shop).select_related("member").get, pk=pk)
    try:
        services.payout_cancel(
            payout=payout,
            reason=request.POST.get("reason", ""),
            user=request.user,
            label=request.member.display_name,
        )
    except PayoutError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Pembayaran %(amount)s untuk %(name)s dibatalkan; saldonya kembali.")
            % {"amount": rupiah(payout.amount), "name": payout.member.display_name},
        )
    return redirect("ledger:payouts")


@require_POST
@ketua_required
def kas_set(request):
    form = KasForm(request.POST)
    if not form.is_valid():
        return _desk(request, kas_form=form, status=400)
    services.kas_rate_set(
        shop=request.member.shop,
        percent=form.cleaned_data["percent"],
        user=request.user,
        label=request.member.display_name,
    )
    messages.success(
        request,
        _("Kas desa sekarang %(percent)s%% dari setiap penjualan berikutnya.")
        % {"percent": form.cleaned_data["percent"]},
    )
    return redirect("ledger:payouts")


@ketua_required
def statement(request, pk):
    """A printable statement of one member's income and payouts, for a member without an account."""
    member = get_or_404(MemberProfile.objects.filter(shop=request.member.shop).get, pk=pk)
    return render(
        request,
        "ledger/statement.html",
        {
            "member": member,
            "shop": request.member.shop,
            "income": selectors.member_income(member=member),
            "by_month": selectors.member_income_by_month(member=member),
            "payouts": selectors.payout_list_for_member(member=member),
        },
    )
