"""The ranked catalogue, choosing a package with SMART goals, and the schools' choices."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from lms.models import Institution
from lms.page_cache import cached_page
from lms.shortcuts import permitted_or_404
from profiles_link.api import MappingRound, WeakArea
from profiles_link.selectors import indicators, latest_round

from . import permissions, recommendations, selectors, services
from .forms import ChoiceForm, GoalFormSet, ModulePlanForm
from .models import CompetencePackage, PackageChoice


def _institution(user, number: str, *, choose: bool = False) -> Institution:
    return permitted_or_404(
        user,
        lambda: selectors.institution_by_number(number),
        permissions.can_choose_package if choose else permissions.can_view_school_choices,
    )


@cached_page
def catalogue(request, number: str) -> HttpResponse:
    institution = _institution(request.user, number)
    mapping_round = latest_round()
    weak_areas, ranked = recommendations.recommendations_for_school(
        institution=institution, mapping_round=mapping_round
    )
    has_data = bool(mapping_round) and selectors.school_has_results(institution, mapping_round)
    return render(
        request,
        "competence_packages/catalogue.html",
        {
            "institution": institution,
            "mapping_round": mapping_round,
            "has_data": has_data,
            "weak_areas": weak_areas,
            "recommendations": ranked,
            "can_choose": permissions.can_choose_package(request.user, institution),
            "leadership_course": selectors.leadership_course(),
            # A package the school has chosen already is offered for editing, not again.
            "chosen": selectors.chosen_package_ids(institution),
        },
    )


def choices(request, number: str) -> HttpResponse:
    institution = _institution(request.user, number)
    return render(
        request,
        "competence_packages/choices.html",
        {
            "institution": institution,
            "choices": selectors.choices_for_school(institution),
            "can_choose": permissions.can_choose_package(request.user, institution),
        },
    )


def municipality_choices(request, code: str) -> HttpResponse:
    municipality = permitted_or_404(
        request.user,
        lambda: selectors.municipality_by_code(code),
        permissions.can_view_municipality_choices,
    )
    return render(
        request,
        "competence_packages/municipality.html",
        {"municipality": municipality, "schools": selectors.choices_for_municipality(municipality)},
    )


# --------------------------------------------------------------------------- choosing


def _next_round_label(label: str | None) -> str:
    match = re.fullmatch(r"(\D*)(\d+)", label or "")
    return f"{match.group(1)}{int(match.group(2)) + 1}" if match else ""


@dataclass
class ChoiceForms:
    choice_form: ChoiceForm
    module_forms: list[ModulePlanForm]
    goal_formset: GoalFormSet
    snapshots: dict[str, dict]

    def all_valid(self) -> bool:
        """Validate everything, so every error shows at once, then check the forms together."""
        choice_ok = self.choice_form.is_valid()
        goals_ok = self.goal_formset.is_valid()
        modules_ok = all([form.is_valid() for form in self.module_forms])  # noqa: C419 - validate every form
        if modules_ok and not any(form.cleaned_data.get("include") for form in self.module_forms):
            self.choice_form.add_error(None, _("Include at least one of the package's modules."))
        if choice_ok and modules_ok:
            starts_on = self.choice_form.cleaned_data["starts_on"]
            ends_on = self.choice_form.cleaned_data["ends_on"]
            for form in self.module_forms:
                form.check_within(starts_on, ends_on)
        return (
            goals_ok
            and self.choice_form.is_valid()
            and all([form.is_valid() for form in self.module_forms])  # noqa: C419 - validate every form
        )

    def plan(self) -> services.ChoicePlan:
        data = self.choice_form.cleaned_data
        return services.ChoicePlan(
            teams=list(data["teams"]),
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            note=data["note"],
            weak_areas=[self.snapshots[key] for key in data["weak_areas"]],
            modules=[
                services.PlannedModule(
                    form.module, form.cleaned_data["starts_on"], form.cleaned_data["due_on"]
                )
                for form in self.module_forms
                if form.cleaned_data.get("include")
            ],
            goals=[
                services.GoalData(
                    indicator=form.cleaned_data["indicator"],
                    respondent_group=form.cleaned_data["respondent_group"],
                    subgroup=form.cleaned_data["subgroup"],
                    baseline_round=form.cleaned_data["baseline_round"],
                    baseline_score=form.cleaned_data["baseline_score"],
                    target_score=form.cleaned_data["target_score"],
                    target_round_label=form.cleaned_data["target_round_label"],
                )
                for form in self.goal_formset.goal_forms()
            ],
        )

    @property
    def has_errors(self) -> bool:
        return bool(
            self.choice_form.errors
            or any(form.errors for form in self.module_forms)
            or self.goal_formset.total_error_count()
        )


@dataclass
class Initial:
    """What the forms start from: a new choice's suggestions, or the stored choice."""

    choice: dict
    modules: dict[int, dict]
    goals: list[dict]


def _weak_area_snapshots(
    weak_areas: list[WeakArea], mapping_round, choice: PackageChoice | None
) -> dict[str, dict]:
    """The school's weak areas now, and those a stored choice was linked to (kept as they were)."""
    snapshots = {
        selectors.weak_area_key(area): selectors.weak_area_snapshot(area, mapping_round)
        for area in weak_areas
    }
    for stored in choice.weak_areas if choice is not None else []:
        snapshots.setdefault(selectors.weak_area_key(stored), stored)
    return snapshots


def _weak_area_choices(snapshots, weak_areas, choice) -> list[tuple[str, str]]:
    known = {area.indicator.code: area.indicator for area in weak_areas}
    if choice is not None:
        missing = [s["indicator"] for s in choice.weak_areas if s["indicator"] not in known]
        known.update(indicators().in_bulk(missing, field_name="code"))
    return [(key, selectors.snapshot_text(snap, known)) for key, snap in snapshots.items()]


def _plannable_modules(package, choice: PackageChoice | None) -> list:
    modules = selectors.package_modules(package)
    if choice is not None:
        # A module unpublished since the choice keeps its plan until the leader removes it.
        live = {module.pk for module in modules}
        modules += [p.module for p in choice.module_plans.all() if p.module_id not in live]
    return modules


def _first_goal(mapping_round: MappingRound | None, area: WeakArea | None = None) -> dict:
    if mapping_round is None:
        return {}
    goal = {
        "baseline_round": mapping_round.pk,
        "target_round_label": _next_round_label(mapping_round.label),
    }
    if area is not None:
        goal |= {
            "indicator": area.indicator.pk,
            "respondent_group": area.respondent_group,
            "subgroup": area.subgroup,
            # Whole points, as the profile and the weak areas show it (488, not 487.9).
            "baseline_score": round(area.score),
        }
    return goal


def _initial_for_new_choice(package, modules, weak_areas, mapping_round) -> Initial:
    """Start today, the package's weeks shared over its modules, the targeted weak areas linked
    and a first goal on the largest of them."""
    targeted = {pi.indicator_id for pi in package.target_indicators.all()}
    chosen_areas = [area for area in weak_areas if area.indicator.pk in targeted]
    starts_on = date.today()
    ends_on, plan = selectors.suggested_plan(
        modules=modules, starts_on=starts_on, weeks=package.estimated_weeks
    )
    return Initial(
        choice={
            "starts_on": starts_on,
            "ends_on": ends_on,
            "weak_areas": [selectors.weak_area_key(a) for a in chosen_areas],
        },
        modules={
            module.pk: {"include": True, "starts_on": start, "due_on": due}
            for module, start, due in plan
        },
        goals=[_first_goal(mapping_round, area) for area in chosen_areas[:1]],
    )


def _initial_from_choice(choice: PackageChoice, package, modules) -> Initial:
    """The stored choice; modules it left out are offered with suggested dates."""
    _ends, plan = selectors.suggested_plan(
        modules=modules, starts_on=choice.starts_on, weeks=package.estimated_weeks
    )
    planned = {p.module_id: p for p in choice.module_plans.all()}
    module_initial = {
        module.pk: (
            {
                "include": True,
                "starts_on": planned[module.pk].starts_on,
                "due_on": planned[module.pk].due_on,
            }
            if module.pk in planned
            else {"include": False, "starts_on": start, "due_on": due}
        )
        for module, start, due in plan
    }
    return Initial(
        choice={
            "teams": [team.pk for team in choice.teams.all()],
            "starts_on": choice.starts_on,
            "ends_on": choice.ends_on,
            "weak_areas": [selectors.weak_area_key(s) for s in choice.weak_areas],
            "note": choice.note,
        },
        modules=module_initial,
        goals=[
            {
                "indicator": goal.indicator_id,
                "respondent_group": goal.respondent_group,
                "subgroup": goal.subgroup,
                "baseline_round": goal.baseline_round_id,
                "baseline_score": goal.baseline_score,
                "target_score": goal.target_score,
                "target_round_label": goal.target_round_label,
            }
            for goal in choice.goals.all()
        ],
    )


def _build_forms(request, *, institution, package, choice: PackageChoice | None) -> ChoiceForms:
    data = request.POST if request.method == "POST" else None
    mapping_round = latest_round()
    weak_areas, _ranked = recommendations.recommendations_for_school(
        institution=institution, mapping_round=mapping_round
    )
    snapshots = _weak_area_snapshots(weak_areas, mapping_round, choice)
    modules = _plannable_modules(package, choice)
    if choice is None:
        initial = _initial_for_new_choice(package, modules, weak_areas, mapping_round)
    else:
        initial = _initial_from_choice(choice, package, modules)
    if data is None and not initial.goals and mapping_round is not None:
        initial.goals = [_first_goal(mapping_round)]
    choice_form = ChoiceForm(
        data,
        initial=initial.choice,
        teams=selectors.school_teams(institution),
        weak_area_choices=_weak_area_choices(snapshots, weak_areas, choice),
    )
    module_forms = [
        ModulePlanForm(
            data, prefix=f"module-{module.pk}", module=module, initial=initial.modules[module.pk]
        )
        for module in modules
    ]
    goal_formset = GoalFormSet(
        data,
        prefix="goals",
        initial=initial.goals,
        form_kwargs={"known_scores": selectors.school_scores(institution)},
    )
    return ChoiceForms(choice_form, module_forms, goal_formset, snapshots)


def _package(pk: int) -> CompetencePackage:
    try:
        return selectors.live_package(pk)
    except CompetencePackage.DoesNotExist as exc:
        raise Http404 from exc


def choose(request, number: str, package_id: int) -> HttpResponse:
    institution = _institution(request.user, number, choose=True)
    package = _package(package_id)
    forms = _build_forms(request, institution=institution, package=package, choice=None)
    if request.method == "POST" and forms.all_valid():
        services.package_choose(
            institution=institution, package=package, plan=forms.plan(), by=request.user
        )
        messages.success(
            request,
            _("%(package)s is chosen for the teams.") % {"package": package.title},
        )
        return redirect("competence_packages:choices", number=institution.number)
    return render(
        request,
        "competence_packages/choose.html",
        {"institution": institution, "package": package, "forms": forms, "choice": None},
    )


def choose_for(request, package_id: int) -> HttpResponse:
    """From a package's page: on to choosing it for the school the person leads, or pick one."""
    package = _package(package_id)
    schools = selectors.schools_led_by(request.user)
    if len(schools) == 1:
        return redirect(
            "competence_packages:choose", number=schools[0].number, package_id=package.pk
        )
    return render(
        request,
        "competence_packages/choose_for.html",
        {"package": package, "schools": schools},
    )


def _choice(institution, choice_id: int) -> PackageChoice:
    try:
        return selectors.choice_for_school(institution, choice_id)
    except PackageChoice.DoesNotExist as exc:
        raise Http404 from exc


def choice_edit(request, number: str, choice_id: int) -> HttpResponse:
    institution = _institution(request.user, number, choose=True)
    choice = _choice(institution, choice_id)
    package = choice.package
    forms = _build_forms(request, institution=institution, package=package, choice=choice)
    if request.method == "POST" and forms.all_valid():
        services.package_choice_update(choice=choice, plan=forms.plan(), by=request.user)
        messages.success(request, _("The choice is saved."))
        return redirect("competence_packages:choices", number=institution.number)
    return render(
        request,
        "competence_packages/choose.html",
        {"institution": institution, "package": package, "forms": forms, "choice": choice},
    )


def choice_withdraw(request, number: str, choice_id: int) -> HttpResponse:
    institution = _institution(request.user, number, choose=True)
    choice = _choice(institution, choice_id)
    if request.method == "POST":
        services.package_choice_withdraw(choice=choice, by=request.user)
        messages.success(
            request,
            _("The choice of %(package)s is withdrawn.") % {"package": choice.package.title},
        )
        return redirect(reverse("competence_packages:choices", args=[institution.number]))
    return render(
        request,
        "competence_packages/withdraw.html",
        {"institution": institution, "choice": choice},
    )
