"""
Django's password rules, with their help texts saying "kata sandi" like every other page.

Django's Indonesian says a bare "sandi" in these sentences (its error messages already say
"kata sandi"); the rules themselves are Django's.
"""

from django.contrib.auth import password_validation
from django.utils.translation import gettext as _


class UserAttributeSimilarityValidator(password_validation.UserAttributeSimilarityValidator):
    def get_help_text(self):
        return _("Kata sandi Anda tidak boleh terlalu mirip dengan data pribadi Anda.")


class CommonPasswordValidator(password_validation.CommonPasswordValidator):
    def get_help_text(self):
        return _("Kata sandi Anda tidak boleh kata sandi yang umum dipakai.")


class NumericPasswordValidator(password_validation.NumericPasswordValidator):
    def get_help_text(self):
        return _("Kata sandi Anda tidak boleh hanya berisi angka.")
