"""Admin widgets that survive odd input."""

from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError


class SafeAutocompleteSelect(AutocompleteSelect):
    """
    Django's autocomplete, minus a 500: re-showing a form whose sent value is not a key ("abc", a
    NUL byte) made Django look the value up and fail in the database driver. Such a value is shown
    as nothing chosen; the field's own validation already says it is not a valid choice.
    """

    def format_value(self, value):
        remote = self.field.remote_field
        key = remote.model._meta.get_field(remote.field_name)
        kept = []
        for item in super().format_value(value):
            try:
                key.get_prep_value(key.to_python(item))
            except (ValidationError, ValueError, TypeError):
                continue
            kept.append(item)
        return kept


class SafeAutocompleteMixin:
    """ModelAdmin mixin: `autocomplete_fields` use SafeAutocompleteSelect."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
