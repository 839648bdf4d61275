"""Admin widgets that survive odd input."""

from django.contrib.admin import SimpleListFilter
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


class ValueFilter(SimpleListFilter):
    """
    A list filter keeping the rows whose `field` (the parameter's name unless set) has the value
    picked among `lookups()`; no value, or an empty one, keeps every row.
    """

    field = ""

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(**{self.field or self.parameter_name: self.value()})
        return queryset


def titled(filter_class, title):
    """
    A field's list filter under another title: a library's model field whose verbose name is English
    ("created at") gets an Indonesian heading without changing that library's model.
    """

    class Titled(filter_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.title = title

    Titled.__name__ = Titled.__qualname__ = f"Titled{filter_class.__name__}"
    return Titled


def money_display(field: str, description):
    """A read-only admin column or field showing the whole-rupiah `field` as "Rp170.000", not 170000."""
    from django.contrib import admin

    from .money import rupiah

    @admin.display(description=description, ordering=field)
    def show(modeladmin, obj):
        return rupiah(getattr(obj, field))

    show.__name__ = f"{field}_rupiah"
    return show
