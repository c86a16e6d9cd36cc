"""The forms of the plan pages: small forms, each posted to one service."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from profiles_link.api import MappingRound


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class PlanForm(forms.Form):
    """Label-first forms without a colon, like the rest of the site."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class PlanStartForm(PlanForm):
    baseline_round = forms.ModelChoiceField(
        label=_("The plan starts from the mapping round"),
        queryset=MappingRound.objects.none(),
        empty_label=None,
    )
    target_round_label = forms.CharField(
        label=_("The goals are measured in the round"),
        max_length=20,
        help_text=_("The next mapping, e.g. T3."),
    )

    def __init__(self, *args, rounds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["baseline_round"].queryset = rounds


class PlanTextsForm(PlanForm):
    direction = forms.CharField(
        label=_("Strategic direction"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Where the school is heading in the period, and why, in a few sentences."),
    )
    resources = forms.CharField(
        label=_("Resources"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Time, people and money set aside for the implementation."),
    )


class FocusAreaForm(PlanForm):
    weak_area = forms.ChoiceField(
        label=_("Weak area in the profile"),
        help_text=_("The score and the gap are filled in from the profile."),
    )
    title = forms.CharField(
        label=_("Title of the focus area"),
        max_length=200,
        required=False,
        help_text=_("Leave empty to use the indicator's name."),
    )
    target_score = forms.FloatField(
        label=_("SMART goal: target score"),
        min_value=0,
        max_value=1000,
        help_text=_("On the 500 scale, measured in the plan's target round."),
    )
    reasoning = forms.CharField(label=_("Why this area"), widget=forms.Textarea(attrs={"rows": 4}))
    research = forms.CharField(
        label=_("The research it rests on"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("E.g. Hattie on feedback, Robinson on leadership of teachers' learning."),
    )

    def __init__(self, *args, weak_areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["weak_area"].choices = [("", _("Choose a weak area")), *weak_areas]


class ActionForm(PlanForm):
    focus_area = forms.ModelChoiceField(
        label=_("Focus area the action serves"), queryset=None, empty_label=None
    )
    choice = forms.ModelChoiceField(
        label=_("Link one of the school's package choices"),
        queryset=None,
        required=False,
        empty_label=_("No linked choice"),
    )
    package = forms.ModelChoiceField(
        label=_("Or choose a package for teams"),
        queryset=None,
        required=False,
        empty_label=_("No new package"),
        help_text=_("Made as a choice in the catalogue: the teams are enrolled in its modules."),
    )
    teams = forms.ModelMultipleChoiceField(
        label=_("Teams"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    title = forms.CharField(
        label=_("Or name another action"),
        max_length=200,
        required=False,
        help_text=_("E.g. monthly pupil conversations with the boys."),
    )
    starts_on = forms.DateField(label=_("Start date"), required=False, widget=DateInput)
    ends_on = forms.DateField(label=_("End date"), required=False, widget=DateInput)
    lead = forms.ModelChoiceField(label=_("Led by"), queryset=None)
    follow_up_on = forms.DateField(label=_("The leadership follows up on"), widget=DateInput)

    def __init__(self, *args, focus_areas, choices, packages, teams, leads, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["focus_area"].queryset = focus_areas
        self.fields["choice"].queryset = choices
        self.fields["choice"].label_from_instance = _choice_label
        self.fields["package"].queryset = packages
        self.fields["teams"].queryset = teams
        self.fields["lead"].queryset = leads

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("package"):
            if not cleaned.get("teams"):
                self.add_error("teams", _("Choose the teams that take the package."))
            for name in ("starts_on", "ends_on"):
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, _("Give the package's dates."))
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The end date must be on or after the start date."))
        return cleaned


def _choice_label(choice) -> str:
    teams = ", ".join(team.name for team in choice.teams.all())
    return f"{choice.package.title} – {teams} ({choice.starts_on:%d-%m-%Y} – {choice.ends_on:%d-%m-%Y})"


class MilestoneForm(PlanForm):
    due_on = forms.DateField(label=_("Date"), widget=DateInput)
    text = forms.CharField(label=_("Milestone"), max_length=300)


class AnswerForm(PlanForm):
    kind = forms.ChoiceField(
        label=_("Your answer"),
        widget=forms.RadioSelect,
        choices=[
            ("comment", _("Comment: the leadership may revise and hand in again")),
            ("revision", _("Ask for a revision")),
            ("approval", _("Approve the plans")),
        ],
    )
    text = forms.CharField(
        label=_("Written feedback to the leadership"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10_000,
    )


class LeadershipMemberForm(PlanForm):
    user = forms.ModelChoiceField(label=_("Local resource person"), queryset=None)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = people
