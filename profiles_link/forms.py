from django import forms
from django.utils.translation import gettext_lazy as _


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class MappingUploadForm(forms.Form):
    round_label = forms.CharField(
        label=_("Round"), max_length=20, help_text=_("For example T1, T2 or T3.")
    )
    held_on = forms.DateField(
        label=_("Date of the mapping"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    as_reference = forms.BooleanField(
        label=_("Reference round (fixes the 500 scale for every round)"), required=False
    )
    replace = forms.BooleanField(label=_("Replace the round if it exists"), required=False)
    files = MultipleFileField(
        label=_("Files"),
        help_text=_(
            "One zip file, or the CSV files: indicators, items, respondents, answers and units."
        ),
        widget=MultipleFileInput(attrs={"accept": ".zip,.csv"}),
    )
