from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django import forms
from django.utils.translation import gettext_lazy as _

from lms.models import User

from .models import CommentBankEntry, MeetingSlot

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
SLOTS = 3


class WrittenFeedbackForm(forms.Form):
    text = forms.CharField(
        label=_("Written feedback"),
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("Markdown: **bold**, *italics*, lists with -."),
        max_length=20000,
    )
    comment = forms.ModelChoiceField(
        label=_("Comment bank"),
        queryset=CommentBankEntry.objects.none(),
        required=False,
        empty_label=_("Choose a phrase to insert"),
    )

    def __init__(self, *args, comments=None, **kwargs):
        super().__init__(*args, **kwargs)
        if comments is not None:
            self.fields["comment"].queryset = comments
        self.fields["comment"].label_from_instance = lambda e: e.text[:120]


class ResubmissionForm(forms.Form):
    note = forms.CharField(
        label=_("What should the new version change?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
    )


class MeetingProposalForm(forms.Form):
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    video_url = forms.URLField(label=_("Video link"), required=False, assume_scheme="https")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for n in range(1, SLOTS + 1):
            required = n == 1
            self.fields[f"slot{n}_date"] = forms.DateField(
                label=_("Time %(n)s: date") % {"n": n},
                required=required,
                widget=forms.DateInput(attrs={"type": "date"}),
            )
            self.fields[f"slot{n}_start"] = forms.TimeField(
                label=_("Time %(n)s: from") % {"n": n},
                required=required,
                widget=forms.TimeInput(attrs={"type": "time"}),
            )
            self.fields[f"slot{n}_end"] = forms.TimeField(
                label=_("Time %(n)s: until") % {"n": n},
                required=required,
                widget=forms.TimeInput(attrs={"type": "time"}),
            )

    def slot_rows(self):
        return [
            (n, [self[f"slot{n}_date"], self[f"slot{n}_start"], self[f"slot{n}_end"]])
            for n in range(1, SLOTS + 1)
        ]

    def clean(self):
        data = super().clean()
        slots = []
        for n in range(1, SLOTS + 1):
            parts = [data.get(f"slot{n}_{p}") for p in ("date", "start", "end")]
            if not any(parts):
                continue
            if not all(parts):
                self.add_error(f"slot{n}_date", _("Give a date, a start and an end time."))
                continue
            day, start, end = parts
            if end <= start:
                self.add_error(f"slot{n}_end", _("The meeting must end after it starts."))
                continue
            slots.append(
                (
                    datetime.combine(day, start, tzinfo=COPENHAGEN),
                    datetime.combine(day, end, tzinfo=COPENHAGEN),
                )
            )
        if not (data.get("place") or "").strip() and not data.get("video_url"):
            self.add_error("place", _("Give a place or a video link."))
        data["slots"] = slots
        return data


class MeetingRecordForm(forms.Form):
    notes = forms.CharField(
        label=_("Notes from the meeting"), widget=forms.Textarea(attrs={"rows": 8})
    )
    next_steps = forms.CharField(
        label=_("Agreed next steps"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )


class SlotPickForm(forms.Form):
    slot = forms.ModelChoiceField(
        label=_("Choose a time"),
        queryset=MeetingSlot.objects.none(),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose one of the proposed times.")},
    )

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].queryset = meeting.slots.all()


class ReassignForm(forms.Form):
    to_user = forms.ModelChoiceField(label=_("Hand the task to"), queryset=None)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_user"].queryset = User.objects.filter(pk__in=[c.pk for c in candidates])


class MessageForm(forms.Form):
    text = forms.CharField(
        label=_("Your reply"), widget=forms.Textarea(attrs={"rows": 4}), max_length=10000
    )


class CommentBankEntryForm(forms.Form):
    text = forms.CharField(
        label=_("New phrase"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
