"""The preference page's form: one checkbox per optional topic and channel."""

from django import forms


class PreferencesForm(forms.Form):
    """Built from the registered topics and enabled channels; `rows` groups its fields by topic."""

    def __init__(self, *args, preferences: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for row in preferences:
            topic = row["topic"]
            names = []
            if not topic.mandatory:
                for choice in row["channels"]:
                    name = f"{topic.name}__{choice['channel'].name}"
                    self.fields[name] = forms.BooleanField(
                        label=choice["channel"].label, required=False, initial=choice["on"]
                    )
                    names.append(name)
            self.rows.append((row, names))

    def topic_rows(self):
        """(preference row, its bound fields) per topic, in the registry's order."""
        return [(row, [self[name] for name in names]) for row, names in self.rows]

    def wanted(self) -> dict[str, set[str]]:
        """{topic: channels she ticked}, after is_valid()."""
        wanted: dict[str, set[str]] = {}
        for name, on in self.cleaned_data.items():
            topic, _sep, channel = name.partition("__")
            wanted.setdefault(topic, set())
            if on:
                wanted[topic].add(channel)
        return wanted
