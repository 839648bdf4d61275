"""
Member pages: the public member page, joining a village, her profile and data, the ketua's page.

Thin views: parse the form, call one service, redirect or re-render with what she typed.
Domain errors become messages or form errors; nothing a person does ends in a 500.
"""

import json
from functools import partial

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core.forms import add_service_errors
from core.http import get_or_404

from . import services
from .access import ketua_required, member_for, profile_required
from .exceptions import AccountNotDeletable, AlreadyRequested, MemberError, VillageNotAvailable
from .forms import DeleteAccountForm, HandlesOrdersForm, JoinForm, KetuaMemberAddForm, ProfileForm, RejectForm
from .models import MemberProfile
from .selectors import member_get_for_ketua, member_list_for_ketua


# ----------------------------------------------------------------------------------------------
# Dashboard home and joining a village
# ----------------------------------------------------------------------------------------------
@login_required
def dashboard(request):
    """Approved members go to their products; everyone else sees where she stands."""
    member = member_for(request.user)
    if member is not None and member.is_approved and member.shop.is_active:
        return redirect("products:dashboard")
    return render(request, "members/dashboard_status.html", {"member": member})


@login_required
def join(request):
    member = member_for(request.user)
    if member is not None and member.status != MemberProfile.Status.REJECTED:
        # One request per person: her status page says where it stands.
        return redirect("members:dashboard")
    if request.method == "POST":
        form = JoinForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.member_request_join(
                    user=request.user,
                    shop=data["shop"],
                    display_name=data["display_name"],
                    phone=data["phone"],
                    story=data["story"],
                )
            except AlreadyRequested as exc:
                messages.info(request, str(exc))
                return redirect("members:dashboard")
            except VillageNotAvailable as exc:
                form.add_error("shop", ValidationError(str(exc), code="village_not_available"))
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Permintaan Anda sudah terkirim ke ketua desa."))
                return redirect("members:dashboard")
    else:
        initial = {}
        if member is not None:
            # Asking again after a rejection: what she wrote last time is already there.
            initial = {
                "shop": member.shop_id,
                "display_name": member.display_name,
                "phone": member.phone,
                "story": member.story,
            }
        form = JoinForm(initial=initial)
    return render(request, "members/member_join.html", {"form": form, "member": member})


# ----------------------------------------------------------------------------------------------
# Her profile, her data, deleting her account
# ----------------------------------------------------------------------------------------------
@profile_required
def profile(request):
    member = request.member
    if request.method == "POST":
        form = ProfileForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.member_update_profile(
                    member=member,
                    display_name=data["display_name"],
                    phone=data["phone"],
                    story=data["story"],
                    photo=data["photo"] or None,
                    remove_photo=data["remove_photo"],
                    seen=data["seen"],
                    **{name: data[name] for name in ProfileForm.CONSENT_FIELDS},
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
                if any(
                    e.code == "changed_meanwhile" for errors in form.errors.as_data().values() for e in errors
                ):
                    # What it says now becomes what she saw: saving again is her informed choice.
                    form.data = form.data.copy()
                    form.data["seen"] = services.member_profile_seen(MemberProfile.objects.get(pk=member.pk))
            except MemberError as exc:
                messages.error(request, str(exc))
                return redirect("members:dashboard")
            else:
                messages.success(request, _("Profil Anda sudah disimpan."))
                return redirect("members:profile")
    else:
        form = ProfileForm(initial=ProfileForm.initial_for(member))
    return render(
        request,
        "members/profile_edit.html",
        {"form": form, "member": member, "dash_section": "profile"},
    )


@never_cache
@profile_required
def data_export(request):
    data = services.member_export_data(member=request.member)
    filename = f"data-saya-desbumi-{timezone.localdate().isoformat()}.json"
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@profile_required
def delete_account(request):
    member = request.member
    if request.method == "POST":
        form = DeleteAccountForm(request.POST)
        if form.is_valid():
            try:
                services.member_delete_account(member=member)
            except MemberError as exc:
                messages.error(request, str(exc))
                return redirect("members:dashboard")
            logout(request)
            messages.success(request, _("Akun Anda sudah dihapus. Terima kasih."))
            return redirect("products:home")
    else:
        form = DeleteAccountForm()
    return render(
        request,
        "members/account_delete.html",
        {"form": form, "member": member, "dash_section": "profile"},
    )


# ----------------------------------------------------------------------------------------------
# The ketua: requests and members of her own village only
# ----------------------------------------------------------------------------------------------
def _own_member(request, pk) -> MemberProfile:
    """A member of the ketua's village; anyone else's is a 404, whatever id was typed."""
    return get_or_404(member_get_for_ketua, shop=request.member.shop, pk=pk)


def _render_members(request, *, reject_form_for=None):
    members = list(member_list_for_ketua(shop=request.member.shop))
    pending = sorted(
        (m for m in members if m.status == MemberProfile.Status.PENDING),
        key=lambda m: (m.requested_at or m.created_at, m.pk),
    )
    for member in pending:
        bound = reject_form_for is not None and reject_form_for[0].pk == member.pk
        member.reject_form = reject_form_for[1] if bound else RejectForm(prefix=f"tolak-{member.pk}")
    return render(
        request,
        "members/ketua_member_list.html",
        {
            "pending": pending,
            "approved": [m for m in members if m.status == MemberProfile.Status.APPROVED],
            "others": [
                m
                for m in members
                if m.status in (MemberProfile.Status.REJECTED, MemberProfile.Status.SUSPENDED)
            ],
            "dash_section": "members",
        },
    )


@ketua_required
def ketua_members(request):
    return _render_members(request)


@ketua_required
def ketua_member_add(request):
    if request.method == "POST":
        form = KetuaMemberAddForm(request.POST)
        if form.is_valid():
            try:
                member = services.member_register_without_account(
                    shop=request.member.shop,
                    display_name=form.cleaned_data["display_name"],
                    phone=form.cleaned_data["phone"],
                    by=request.user,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            except MemberError as exc:
                messages.error(request, str(exc))
                return redirect("members:ketua_members")
            else:
                messages.success(
                    request,
                    _("%(name)s sudah terdaftar sebagai anggota.") % {"name": member.display_name},
                )
                return redirect("members:ketua_members")
    else:
        form = KetuaMemberAddForm()
    return render(request, "members/ketua_member_add.html", {"form": form, "dash_section": "members"})


def _member_action(request, act, done):
    """
    Run `act()`, a service that returns the member it changed; the ketua is told `done` (with
    %(name)s) or the MemberError's text, and sent back to her list.
    """
    try:
        member = act()
    except MemberError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done % {"name": member.display_name})
    return redirect("members:ketua_members")


@ketua_required
@require_POST
def ketua_member_approve(request, pk):
    member = _own_member(request, pk)
    act = partial(services.member_approve, member=member, by=request.user)
    return _member_action(request, act, _("%(name)s sudah disetujui."))


@ketua_required
@require_POST
def ketua_member_reject(request, pk):
    member = _own_member(request, pk)
    form = RejectForm(request.POST, prefix=f"tolak-{member.pk}")
    if not form.is_valid():
        return _render_members(request, reject_form_for=(member, form))
    act = partial(services.member_reject, member=member, by=request.user, reason=form.cleaned_data["reason"])
    return _member_action(request, act, _("Permintaan %(name)s sudah ditolak."))


@ketua_required
@require_POST
def ketua_member_orders(request, pk):
    member = _own_member(request, pk)
    form = HandlesOrdersForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Pilihan tidak dikenali. Coba lagi."))
        return redirect("members:ketua_members")
    value = form.cleaned_data["value"]
    act = partial(services.member_set_handles_orders, member=member, value=value, by=request.user)
    if value:
        return _member_action(request, act, _("%(name)s sekarang ikut mengurus pesanan desa."))
    return _member_action(request, act, _("%(name)s tidak lagi mengurus pesanan desa."))


# ----------------------------------------------------------------------------------------------
# Anyone's own data (UU PDP), /akun/data/: a buyer's copy and deletion; a member is sent to hers
# ----------------------------------------------------------------------------------------------
@login_required
def account_data(request):
    member = (
        MemberProfile.objects.filter(user=request.user).exclude(status=MemberProfile.Status.DELETED).first()
    )
    if request.GET.get("unduh") == "1":
        if member is not None:
            data = services.member_export_data(member=member)
        else:
            data = services.buyer_export_data(user=request.user)
        filename = f"data-saya-desbumi-{timezone.localdate().isoformat()}.json"
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["Cache-Control"] = "private, no-store"
        return response
    form = DeleteAccountForm(request.POST or None)
    if request.method == "POST" and member is None and form.is_valid():
        try:
            services.buyer_delete_account(user=request.user)
        except AccountNotDeletable as exc:
            form.add_error(None, ValidationError(str(exc), code="not_deletable"))
        else:
            logout(request)
            messages.success(request, _("Akun Anda sudah dihapus. Terima kasih."))
            return redirect("products:home")
    return render(
        request,
        "members/account_data.html",
        {"form": form, "member": member},
        status=400 if form.errors else 200,
    )
