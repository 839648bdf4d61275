"""Admin actions that ask for something first (a reason, a tracking number) on a page of their own."""

from django.contrib import messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse


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


def report_outcome(modeladmin, request, *, done: int, done_message, refused: list[str], refused_message):
    """One success message with the count, one warning listing what was refused and why."""
    if done:
        modeladmin.message_user(request, done_message(done), level=messages.SUCCESS)
    if refused:
        modeladmin.message_user(
            request, refused_message % {"list": "; ".join(refused)}, level=messages.WARNING
        )
