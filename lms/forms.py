"""Form parts every app uses."""

from __future__ import annotations

from django import forms


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one `<input type="file" multiple>`; cleans to a list of files (empty
    when none is sent and none is required)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = list(data) if isinstance(data, list | tuple) else [data] if data else []
        if not files:
            super().clean(None, initial)  # raises "required" when a file is
            return []
        return [super(MultipleFileField, self).clean(item, initial) for item in files]
