"""
Who manages a village, answered by the app that knows people.

shops sits below members (a member belongs to a village), so it cannot ask members directly.
members registers the answers at start-up (members/apps.py), the way Django's admin.site.register
lets an app hand something to a lower layer:

- `ketua_of(user, shop)`: is this person the approved ketua of this village?
- `ketua_view(view)`: a view decorator that lets only a village's ketua through and sets
  `request.shop` to her village (members decides what everyone else sees).
"""

from functools import wraps

_hooks = {}


def register(*, ketua_of, ketua_view) -> None:
    """Called once, from the members app's ready()."""
    _hooks["ketua_of"] = ketua_of
    _hooks["ketua_view"] = ketua_view


def is_ketua_of(user, shop) -> bool:
    return _hooks["ketua_of"](user, shop)


def ketua_required(view):
    """Only the ketua of a village may use `view`; it finds her village in `request.shop`."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        return _hooks["ketua_view"](view)(request, *args, **kwargs)

    return wrapper
