"""
allauth's adapter for Desbumi: login lockouts that an attacker cannot turn against the owner.

allauth's default locks an account for everyone after 5 wrong passwords from anywhere (so whoever
knows a ketua's email keeps her out) and an address after 10 a minute (so one carrier address,
shared by thousands of phones, locks everyone). Here failures are counted per account *and* place:

- a browser the owner already signed in with on this account (a signed "known device" cookie,
  set at each successful login) has its own counter: LOGIN_FAILED_PER_DEVICE in LOGIN_LOCK_SECONDS;
  no address or account-wide count applies to it, so the owner always gets in from her own phone;
- any other browser: LOGIN_FAILED_PER_DEVICE per account and address in LOGIN_LOCK_SECONDS,
  LOGIN_FAILED_PER_ADDRESS per address per minute (all accounts: a script trying many), and
  LOGIN_FAILED_PER_ACCOUNT per account per hour from unknown browsers (a spread-out attack).
"""

import logging
from email.utils import make_msgid

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal import ratelimit
from django.conf import settings
from django.core import signing
from django.core.mail.utils import DNS_NAME
from django.utils.crypto import constant_time_compare, get_random_string, salted_hmac
from django.utils.translation import gettext_lazy as _

from .tasks import seal, send_account_email

logger = logging.getLogger(__name__)

DEVICE_COOKIE = "desbumi_perangkat"
DEVICE_SALT = "desbumi.known-device"
DEVICE_MAX_ACCOUNTS = 5
DEVICE_COOKIE_AGE = 60 * 60 * 24 * 365


def _account_tag(login: str) -> str:
    """A short keyed hash of the login (the cookie never holds an email address)."""
    return salted_hmac(DEVICE_SALT, login.strip().lower(), algorithm="sha256").hexdigest()[:20]


def _device_cookie(request) -> tuple[str, list[str]] | None:
    """(device id, account tags) from this browser's signed cookie, or None."""
    try:
        data = signing.loads(request.COOKIES[DEVICE_COOKIE], salt=DEVICE_SALT, max_age=DEVICE_COOKIE_AGE)
    except (KeyError, signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("d"), str):
        return None
    if not isinstance(data.get("a"), list):
        return None
    return data["d"], [t for t in data["a"] if isinstance(t, str)]


def known_device(request, login: str) -> str | None:
    """The device id of this browser if it signed in to account `login` before, else None."""
    cookie = _device_cookie(request)
    if cookie is None:
        return None
    device, tags = cookie
    tag = _account_tag(login)
    return device if any(constant_time_compare(t, tag) for t in tags) else None


def remember_device(request, response, login: str) -> None:
    """Add account `login` to this browser's known-device cookie (a year, HTTP only)."""
    device, tags = _device_cookie(request) or (get_random_string(20), [])
    tag = _account_tag(login)
    tags = [tag, *[t for t in tags if t != tag]][:DEVICE_MAX_ACCOUNTS]
    response.set_cookie(
        DEVICE_COOKIE,
        signing.dumps({"d": device, "a": tags}, salt=DEVICE_SALT),
        max_age=DEVICE_COOKIE_AGE,
        httponly=True,
        secure=settings.SESSION_COOKIE_SECURE,
        samesite="Lax",
    )


def _rates() -> dict:
    lock = settings.LOGIN_LOCK_SECONDS
    per_device = settings.LOGIN_FAILED_PER_DEVICE
    return {
        "login_failed_known_device": f"{per_device}/{lock}s/key",
        "login_failed": f"{settings.LOGIN_FAILED_PER_ADDRESS}/m/ip,{per_device}/{lock}s/key",
        "login_failed_account": f"{settings.LOGIN_FAILED_PER_ACCOUNT}/h/key",
    }


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": _(
            "Terlalu banyak percobaan masuk yang salah. Tunggu beberapa menit lalu coba lagi, atau "
            "masuk dari HP yang biasa Anda pakai, atau atur ulang kata sandi lewat email."
        ),
    }

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        login = credentials.get("email", credentials.get("username", "")).strip().lower()
        device = known_device(request, login)
        place = f"device:{device}" if device else f"ip:{self.get_client_ip(request)}"
        return f"{login}:{place}"

    def _consume(self, request, action: str, key: str):
        return ratelimit.consume(request, app="allauth.account", action=action, config=_rates(), key=key)

    def pre_authenticate(self, request, **credentials) -> None:
        login = credentials.get("email", credentials.get("username", "")).strip().lower()
        key = self._get_login_attempts_cache_key(request, **credentials)
        usages = []
        if known_device(request, login):
            usages.append(self._consume(request, "login_failed_known_device", key))
        else:
            usages.append(self._consume(request, "login_failed", key))
            if usages[-1]:
                usages.append(self._consume(request, "login_failed_account", login))
        if not all(usages):
            for usage in usages:
                if usage:
                    usage.rollback()
            raise self.validation_error("too_many_login_attempts")
        self._login_failed_usages = usages

    def _rollback_login_failed_rl_usage(self) -> None:
        # A successful login gives back what its attempt took (allauth's rule), never more.
        for usage in getattr(self, "_login_failed_usages", []):
            usage.rollback()

    def _delete_login_attempts_cached_email(self, request, **credentials) -> None:
        # After a password reset (itself rate limited by email) the owner starts afresh.
        login = credentials.get("email", credentials.get("username", "")).strip().lower()
        key = self._get_login_attempts_cache_key(request, **credentials)
        for action, action_key in (
            ("login_failed_known_device", key),
            ("login_failed", key),
            ("login_failed_account", login),
        ):
            ratelimit.clear(request, app="allauth.account", action=action, config=_rates(), key=action_key)

    def send_mail(self, template_prefix, email, context):
        """
        Render the account email here, send it from the worker (queued, retried while the mail
        server is down): sign-up and password reset never fail because mail does.
        """
        message = self.render_mail(template_prefix, email, context)
        message.extra_headers.setdefault("Message-ID", make_msgid(domain=DNS_NAME))
        try:
            send_account_email.delay(seal(message))
        except Exception:
            logger.exception(
                "account email not sent",
                extra={"template": template_prefix, "message_id": message.extra_headers["Message-ID"]},
            )

    def post_login(self, request, user, **kwargs):
        response = super().post_login(request, user, **kwargs)
        if response is not None and user.email:
            remember_device(request, response, user.email)
        return response
