"""Admin actions that ask for something first (a reason, a tracking number) on a page of their own."""

from functools import wraps

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _


def action_with_form(
    modeladmin, request, queryset, *, form_class, title, intro, submit_label, perform, form_kwargs=None
):
    """
    Show `form_class` for the selected rows; once it is valid, call `perform(cleaned_data)`.

    Returns None after `perform` (the admin goes back to the list with its messages), or the page
    with the form: first empty, then with its errors (status 400) until it is valid.
    """
    form_kwargs = form_kwargs or {}
    status = 200
    if "apply" in request.POST:
        form = form_class(request.POST, **form_kwargs)
        if form.is_valid():
            perform(form.cleaned_data)
            return None
        status = 400
    else:
        form = form_class(**form_kwargs)
    request.current_app = modeladmin.admin_site.name
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "intro": intro,
        "submit_label": submit_label,
        "opts": modeladmin.model._meta,
        "queryset": queryset,
        "form": form,
        "action": request.POST.get("action", ""),
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/staff/action_form.html", context, status=status)


def form_action(*, description, form_class, title, intro, submit_label, form_kwargs=None):
    """
    Decorator: an admin action, for staff who may change, that first asks for `form_class` on a page
    of its own (action_with_form), then calls `method(modeladmin, request, queryset, cleaned_data)`.

    `form_kwargs(queryset)`, if given, returns the form's own arguments (the selected orders, say).
    The texts are lazy: they are read when the page is shown, in the staff member's language.
    """

    def decorate(method):
        @admin.action(description=description, permissions=["change"])
        @wraps(method)
        def action(modeladmin, request, queryset):
            return action_with_form(
                modeladmin,
                request,
                queryset,
                form_class=form_class,
                form_kwargs=form_kwargs(queryset) if form_kwargs else None,
                title=title,
                intro=intro,
                submit_label=submit_label,
                perform=lambda cleaned: method(modeladmin, request, queryset, cleaned),
            )

        return action

    return decorate


def apply_each(modeladmin, request, queryset, perform, *, errors, done_message, refused_message, name=str):
    """
    Call `perform(obj)` for each row of `queryset` in primary-key order (the order every service
    takes its locks in); one success message with the count, one warning listing each refusal
    (`name(obj): message`) for the exceptions in `errors`.

    `done_message` is an ngettext_lazy string with the count as "n"; `refused_message` has "%(list)s".
    """
    done, refused = 0, []
    for obj in queryset.order_by("pk"):
        try:
            perform(obj)
        except errors as error:
            refused.append(f"{name(obj)}: {error_text(error)}")
        else:
            done += 1
    if done:
        modeladmin.message_user(request, done_message % {"n": done}, level=messages.SUCCESS)
    if refused:
        modeladmin.message_user(
            request, refused_message % {"list": "; ".join(refused)}, level=messages.WARNING
        )
    return done


def error_text(error) -> str:
    """What a refused action says: a domain error's text, a ValidationError's messages."""
    if isinstance(error, PermissionDenied):
        return _("Anda tidak berwenang.")
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


def reason_form(label, *, max_length, required=True, required_message=None, rows=3, help_text=""):
    """A form of one text field, the reason an admin action asks for."""
    field = forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=help_text,
        error_messages={"required": required_message} if required_message else None,
    )
    return type("ReasonForm", (forms.Form,), {"reason": field})
