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
from django.views.decorators.http import require_POST

from core.http import get_or_404, safe_next

from . import registry, selectors, services
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
