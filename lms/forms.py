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


GRADE_CHOICES = [("", "–")] + [(str(grade), f"{grade}.") for grade in range(0, 11)]


class TeamForm(forms.Form):
    """A team's name, grade band, classes and local facilitator; choices from its own school."""

    name = forms.CharField(label=_("Name"), max_length=150)
    grade_from = forms.TypedChoiceField(
        label=_("From grade"), choices=GRADE_CHOICES, coerce=int, empty_value=None, required=False
    )
    grade_to = forms.TypedChoiceField(
        label=_("To grade"), choices=GRADE_CHOICES, coerce=int, empty_value=None, required=False
    )
    classes = forms.ModelMultipleChoiceField(
        label=_("Classes"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The classes the team teaches. “Jeres data” and the team's pages show them."),
    )
    facilitator = forms.ModelChoiceField(
        label=_("Local facilitator"),
        queryset=None,
        required=False,
        empty_label=_("No facilitator"),
        help_text=_("A local resource person of the school who follows the team's work."),
    )

    def __init__(self, *args, classes, facilitators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["classes"].queryset = classes
        self.fields["facilitator"].queryset = facilitators

    def clean(self):
        """The grade band's order is checked here too, so it is reported with any other
        problem of the form at once (the service checks it again)."""
        data = super().clean()
        low, high = data.get("grade_from"), data.get("grade_to")
        if low is not None and high is not None and low > high:
            self.add_error("grade_to", _("The last grade cannot come before the first grade."))
        return data


class TeamMemberForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("Colleague"), queryset=None, empty_label=_("Choose a colleague")
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = people
