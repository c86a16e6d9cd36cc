from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from lms.forms import MultipleFileField
from lms.shortcuts import id_or_none

from . import services


class CheckedFileField(MultipleFileField):
    """The team's files, each checked by type and size as the hand-in service checks them."""

    def clean(self, data, initial=None):
        cleaned = super().clean(data, initial)
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
    files = CheckedFileField(label=_("Attach files"), required=False)

    def clean(self):
        """The button pressed: save, hand in, or remove one of the draft's files by its id. A
        mangled one is refused before anything is saved, with the typed text kept."""
        data = super().clean()
        action = self.data.get("action", "save") or "save"
        remove = action.removeprefix("remove:") if action.startswith("remove:") else None
        if action not in {"save", "submit"} and id_or_none(remove) is None:
            self.add_error(None, _("That button is unknown. Your text is kept: save again."))
        data["action"] = action
        data["remove_id"] = id_or_none(remove)
        return data


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
                % {"date": date_format(self.due_on, "j. F Y")}
            )
        return value


class ExtensionRequestForm(forms.Form):
    until = forms.DateField(
        label=_("New deadline the team wishes for"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    reason = forms.CharField(
        label=_("Why the team needs more time"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
