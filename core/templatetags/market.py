"""Template filters shared by every page."""

from django import template

from core import money

register = template.Library()

register.filter("rupiah", money.rupiah)
register.filter("thousands", money.thousands)
