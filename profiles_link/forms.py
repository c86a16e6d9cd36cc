from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from lms.forms import MultipleFileField, MultipleFileInput

from .imports import ROUND_FILES, base_name, max_upload_bytes
from .models import validate_round_label
from .parsing import FILE_ORDER


class MappingUploadForm(forms.Form):
    round_label = forms.CharField(
        label=_("Round"),
        max_length=20,
        help_text=_("For example T1, T2 or T3."),
        validators=[validate_round_label],
    )
    held_on = forms.DateField(
        label=_("Date of the mapping"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
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

    def clean_files(self):
        """What the browser sent must be one zip or the round's CSV files, within the limit."""
        uploads = self.cleaned_data["files"]
        names = [base_name(upload.name) for upload in uploads]
        if any(name.endswith(".zip") for name in names) and len(names) > 1:
            raise forms.ValidationError(_("Upload one zip file, or the CSV files, not both."))
        strangers = [n for n in names if not n.endswith(".zip") and n not in ROUND_FILES]
        if strangers:
            raise forms.ValidationError(
                _("%(names)s: not one of the round's files (%(files)s) nor a zip file.")
                % {"names": ", ".join(strangers), "files": ", ".join(FILE_ORDER)}
            )
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            raise forms.ValidationError(
                _("%(names)s: chosen more than once.") % {"names": ", ".join(twice)}
            )
        if sum(upload.size or 0 for upload in uploads) > max_upload_bytes():
            raise forms.ValidationError(
                _("The files are larger than %(limit)s in all.")
                % {"limit": filesizeformat(max_upload_bytes())}
            )
        return uploads
