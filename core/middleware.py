"""Bahasa Indonesia first: English only for a visitor who chose it with the language switch."""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

from .text import clean_text, has_invisible


class IndonesianFirstLocaleMiddleware(LocaleMiddleware):
    """
    Like Django's LocaleMiddleware, but the browser's Accept-Language is not consulted.

    Many phones in Indonesia run an English system language; the marketplace still speaks
    Bahasa Indonesia to them until they press "English" (which sets the language cookie).
    """

    def process_request(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class CleanTextInputMiddleware:
    """
    Remove direction-override and zero-width characters (core/text.py) from every posted field.

    One place for the whole site — names, addresses, stories, descriptions, notes, the admin's
    forms and allauth's — so no form can forget it. Passwords are left exactly as typed.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.content_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            posted = request.POST
            if any(has_invisible(value) for _key, values in posted.lists() for value in values):
                cleaned = posted.copy()
                for key, values in posted.lists():
                    if "password" not in key:
                        cleaned.setlist(key, [clean_text(value) for value in values])
                cleaned._mutable = False
                request.POST = cleaned
        return self.get_response(request)
