"""Form parts every app uses."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


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


class PeopleImportForm(forms.Form):
    """Upload a people roster; the choices of municipality are the importer's own."""

    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=None, empty_label=None)
    file = forms.FileField(
        label=_("Roster (CSV file)"),
        help_text=_(
            "Columns: email, first_name, last_name, uniid, municipality_code, school_number, "
            "role, teams, team_coordinator. Separated by comma or semicolon, saved as UTF-8."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
    deactivate_missing = forms.BooleanField(
        label=_("Deactivate the municipality's people who are not in the file"),
        required=False,
        help_text=_("Their open feedback work is handed on, as when a role is removed."),
    )
    invite = forms.BooleanField(
        label=_("Send an invitation e-mail to each new person without a UNI-Login id"),
        required=False,
    )

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities
