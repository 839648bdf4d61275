"""
The in-app inbox (/dasbor/notifikasi/): for every person with an account — members and buyers.
Notifications are keyed by the account; which page frames the inbox is asked of the registry.

Thin views: list, open (marks read, then goes to the page it is about), mark read, mark all read.
Another person's notification is a 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from core.http import get_or_404, safe_next

from . import channels, registry, selectors, services
from .exceptions import BadUnsubscribeLink
from .forms import PreferencesForm
from .models import Notification


@login_required
def inbox(request):
    # Sellers see it inside their dashboard menu (members registers that page); buyers, and members
    # not yet approved, on the plain page.
    template = registry.inbox_page(request)
    page = Paginator(selectors.notification_list(user=request.user), 20).get_page(request.GET.get("page"))
    return render(
        request,
        template,
        {
            "dash_section": "notifications",
            "page": page,
            "notifications": page.object_list,
            "unread": selectors.notification_unread_count(user=request.user, request=request),
        },
    )


def _mark_read(request, pk) -> Notification:
    return get_or_404(services.notification_mark_read, user=request.user, pk=pk)


@login_required
@require_POST
def notification_open(request, pk):
    notification = _mark_read(request, pk)
    target = safe_next(request, notification.path)
    if target:
        return redirect(target)
    return redirect("notifications:inbox")


@login_required
@require_POST
def notification_read(request, pk):
    _mark_read(request, pk)
    return redirect("notifications:inbox")


@login_required
@require_POST
def notification_read_all(request):
    count = services.notification_mark_all_read(user=request.user)
    if count:
        messages.success(
            request,
            ngettext(
                "%(count)d notifikasi ditandai sudah dibaca.",
                "%(count)d notifikasi ditandai sudah dibaca.",
                count,
            )
            % {"count": count},
        )
    else:
        messages.info(request, _("Tidak ada notifikasi yang belum dibaca."))
    return redirect("notifications:inbox")


# ------------------------------------------------------------------------------------------------
# What she wants to hear of, and the unsubscribe link of an email
# ------------------------------------------------------------------------------------------------
@login_required
def preferences(request):
    enabled = channels.enabled()
    form = PreferencesForm(
        request.POST or None, preferences=selectors.preferences_for(user=request.user, channels=enabled)
    )
    if request.method == "POST" and form.is_valid():
        services.preferences_save(user=request.user, wanted=form.wanted())
        messages.success(request, _("Pengaturan notifikasi tersimpan."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})


# Mail apps send RFC 8058's one-click POST without a session or token: the signed link is the proof.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET asks (link checkers in mail servers open links); POST turns the topic's email off."""
    try:
        if request.method == "GET":
            _key, topic = selectors.unsubscribe_link_read(token=token)
        else:
            topic = services.unsubscribe_by_token(token=token)
    except BadUnsubscribeLink as exc:
        return render(request, "notifications/unsubscribe.html", {"error": str(exc)}, status=404)
    response = render(
        request, "notifications/unsubscribe.html", {"topic": topic, "done": request.method == "POST"}
    )
    response["Cache-Control"] = "private, no-store"
    return response
