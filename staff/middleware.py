"""Who the audit log names: the staff user of a request that may change something."""

from allauth.account.adapter import get_adapter
from auditlog.context import disable_auditlog, set_actor
from django.core.exceptions import PermissionDenied

from core.access import is_staff_with
from core.audit import staff_changes

# Requests that change nothing are never audited (and cost the public pages no query here).
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


def _is_staff(request) -> bool:
    return is_staff_with(getattr(request, "user", None))


def _client_ip(request) -> str | None:
    """The client's address as allauth's rate limits see it (behind the proxy, from X-Forwarded-For)."""
    try:
        return get_adapter(request).get_client_ip(request)
    except PermissionDenied:
        return None


class StaffAuditMiddleware:
    """
    Record the changes of staff requests with the staff user as actor; record nothing for others.

    Placed after AuthenticationMiddleware. Members' and buyers' requests are left out: the audit is
    about what staff did (core/audit.py), and a buyer's checkout should not pay for it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in SAFE_METHODS and _is_staff(request):
            with staff_changes(request.user), set_actor(request.user, remote_addr=_client_ip(request)):
                return self.get_response(request)
        with disable_auditlog():
            return self.get_response(request)
