from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import services


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one <input type="file" multiple>; each is checked on its own."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        cleaned = [super(MultipleFileField, self).clean(f, initial) for f in files]
        problems = [p for p in (services.upload_problem(f) for f in cleaned) if p]
        if problems:
            raise forms.ValidationError(problems)
        return cleaned


class DraftForm(forms.Form):
    """The team's answer. `revision` is the draft it was based on, so a save that would
    overwrite a colleague's newer draft is caught instead of silently winning."""

    text = forms.CharField(
        label=_("Your team's answer"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 18, "aria-describedby": "text-help"}),
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    files = MultipleFileField(label=_("Attach files"), required=False)


class ExtensionForm(forms.Form):
    extended_until = forms.DateField(
        label=_("New deadline"), widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(label=_("Note for the timeline"), required=False, max_length=200)

    def __init__(self, *args, due_on=None, **kwargs):
        self.due_on = due_on
        super().__init__(*args, **kwargs)

    def clean_extended_until(self):
        value = self.cleaned_data["extended_until"]
        if value < timezone.localdate():
            raise forms.ValidationError(_("The new deadline cannot be in the past."))
        if self.due_on and value <= self.due_on:
            raise forms.ValidationError(
                _("The new deadline must be after the planned deadline (%(date)s).")
                % {"date": self.due_on.strftime("%d.%m.%Y")}
            )
        return value
