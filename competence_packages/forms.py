"""The form a school leader fills in to choose a package: teams, dates, module plan, goals."""

from __future__ import annotations

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from profiles_link.api import Indicator, MappingRound, RespondentGroup, Subgroup


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class ChoiceForm(forms.Form):
    """The choice itself: which teams, when, and which weak areas it answers."""

    teams = forms.ModelMultipleChoiceField(
        label=_("Teams"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one team.")},
    )
    starts_on = forms.DateField(label=_("Start date"), widget=DateInput)
    ends_on = forms.DateField(label=_("End date"), widget=DateInput)
    weak_areas = forms.MultipleChoiceField(
        label=_("Weak areas the package answers"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, teams, weak_area_choices, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["teams"].queryset = teams
        self.fields["weak_areas"].choices = weak_area_choices

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The end date must be on or after the start date."))
        return cleaned


class ModulePlanForm(forms.Form):
    """One module of the package: take it or not, and when."""

    include = forms.BooleanField(label=_("Include"), required=False)
    starts_on = forms.DateField(label=_("Start date"), required=False, widget=DateInput)
    due_on = forms.DateField(label=_("Assignments due"), required=False, widget=DateInput)

    def __init__(self, *args, module, **kwargs):
        self.module = module
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("include"):
            return cleaned
        starts_on, due_on = cleaned.get("starts_on"), cleaned.get("due_on")
        if starts_on is None and "starts_on" not in self.errors:
            self.add_error("starts_on", _("Give the module's start date."))
        if due_on is None and "due_on" not in self.errors:
            self.add_error("due_on", _("Give the date the module's assignments are due."))
        if starts_on and due_on and due_on < starts_on:
            self.add_error("due_on", _("The due date must be on or after the module's start."))
        return cleaned

    def check_within(self, starts_on, ends_on) -> None:
        """Module dates must lie within the choice's period."""
        if not self.is_valid() or not self.cleaned_data.get("include"):
            return
        if self.cleaned_data["starts_on"] < starts_on:
            self.add_error(
                "starts_on",
                _("The module cannot start before the package starts (%(date)s).")
                % {"date": date_format(starts_on, "j. F Y")},
            )
        if self.cleaned_data["due_on"] > ends_on:
            self.add_error(
                "due_on",
                _("The module must be due by the end of the package (%(date)s).")
                % {"date": date_format(ends_on, "j. F Y")},
            )


class GoalForm(forms.Form):
    """A SMART goal: a school-level score to move from its baseline to a target by a round."""

    indicator = forms.ModelChoiceField(label=_("Indicator"), queryset=Indicator.objects.all())
    respondent_group = forms.ChoiceField(
        label=_("Respondent group"), choices=RespondentGroup.choices, initial="pupil"
    )
    subgroup = forms.ChoiceField(label=_("Subgroup"), choices=Subgroup.choices, initial="all")
    baseline_round = forms.ModelChoiceField(
        label=_("Baseline round"), queryset=MappingRound.objects.order_by("held_on", "label")
    )
    baseline_score = forms.FloatField(
        label=_("Baseline score"),
        required=False,
        min_value=0,
        max_value=1000,
        help_text=_("Leave empty to use the school's score in the baseline round."),
    )
    target_score = forms.FloatField(label=_("Target score"), min_value=0, max_value=1000)
    target_round_label = forms.CharField(
        label=_("Target round"), max_length=20, help_text=_("The round to measure it in, e.g. T2.")
    )

    def __init__(self, *args, known_scores=None, **kwargs):
        self.known_scores = known_scores or {}
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean_target_round_label(self):
        return self.cleaned_data["target_round_label"].strip()

    def clean(self):
        cleaned = super().clean()
        indicator = cleaned.get("indicator")
        baseline_round = cleaned.get("baseline_round")
        group, subgroup = cleaned.get("respondent_group"), cleaned.get("subgroup")
        if cleaned.get("baseline_score") is None and "baseline_score" not in self.errors:
            if indicator and baseline_round and group and subgroup:
                key = (baseline_round.pk, indicator.pk, group, subgroup)
                if key in self.known_scores:
                    # Whole points, as every page shows the 500 scale.
                    cleaned["baseline_score"] = float(round(self.known_scores[key]))
                else:
                    self.add_error(
                        "baseline_score",
                        _(
                            "The school has no published score for this in %(round)s; "
                            "enter the baseline score."
                        )
                        % {"round": baseline_round.label},
                    )
        baseline, target = cleaned.get("baseline_score"), cleaned.get("target_score")
        if baseline is not None and target is not None and target <= baseline:
            self.add_error(
                "target_score",
                _(
                    "The target must be higher than the baseline (%(baseline)s): "
                    "a higher score is better on the 500 scale."
                )
                % {"baseline": f"{baseline:.0f}"},
            )
        label = cleaned.get("target_round_label")
        if label and baseline_round and label == baseline_round.label:
            self.add_error(
                "target_round_label", _("The target round must be a later round than the baseline.")
            )
        return cleaned


class BaseGoalFormSet(forms.BaseFormSet):
    default_error_messages = {
        **forms.BaseFormSet.default_error_messages,
        "too_few_forms": _("Set at least one SMART goal."),
    }

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove this goal")

    def goal_forms(self) -> list[GoalForm]:
        """The forms that hold a goal: required ones and filled-in extras, not those deleted."""
        return [
            form
            for form in self.forms
            if (not form.empty_permitted or form.has_changed())
            and not self._should_delete_form(form)
        ]

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        seen = set()
        for form in self.goal_forms():
            data = form.cleaned_data
            key = (
                data["indicator"].pk,
                data["respondent_group"],
                data["subgroup"],
                data["target_round_label"],
            )
            if key in seen:
                raise forms.ValidationError(
                    _("Two goals measure the same thing in the same round.")
                )
            seen.add(key)


GoalFormSet = forms.formset_factory(
    GoalForm,
    formset=BaseGoalFormSet,
    extra=1,
    min_num=1,
    validate_min=True,
    can_delete=True,
)
