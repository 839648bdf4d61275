"""Bahasa Indonesia first: English only for a visitor who chose it with the language switch."""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


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
