"""The bell's unread count in the dashboard menu."""

from django import template

from notifications.selectors import notification_unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    """`{% unread_notifications as unread %}`: one query per request, none for visitors."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    return notification_unread_count(user=user, request=request)
