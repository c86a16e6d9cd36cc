"""Choosing a package with teams, a module plan, weak areas and SMART goals; editing, withdrawing."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from competence_packages import services
from competence_packages.models import ModulePlan, PackageChoice, SmartGoal
from lms.errors import ServiceError
from lms.factories import TeamFactory
from lms.holidays import is_school_day
from modules.selectors import enrolled_module_ids
from profiles_link.factories import IndicatorFactory, MappingRoundFactory, UnitScoreFactory


def choose_url(number, package):
    return reverse("competence_packages:choose", args=[number, package.pk])


def form_data(programme, packages, mapping_round, indicator, **overrides) -> dict:
    """A complete, valid POST for choosing the well-being package."""
    m1, m2 = packages.modules
    data = {
        "teams": [programme.team.pk, programme.other_team.pk],
        "starts_on": "2025-01-06",
        "ends_on": "2025-03-30",
        "note": "Vi starter med indskolingen.",
        f"module-{m1.pk}-include": "on",
        f"module-{m1.pk}-starts_on": "2025-01-06",
        f"module-{m1.pk}-due_on": "2025-02-14",
        f"module-{m2.pk}-include": "on",
        f"module-{m2.pk}-starts_on": "2025-02-17",
        f"module-{m2.pk}-due_on": "2025-03-28",
        "goals-TOTAL_FORMS": "2",
        "goals-INITIAL_FORMS": "0",
        "goals-MIN_NUM_FORMS": "1",
        "goals-MAX_NUM_FORMS": "1000",
        "goals-0-indicator": str(indicator.pk),
        "goals-0-respondent_group": "pupil",
        "goals-0-subgroup": "boy",
        "goals-0-baseline_round": str(mapping_round.pk),
        "goals-0-baseline_score": "492",
        "goals-0-target_score": "510",
        "goals-0-target_round_label": "T2",
        "goals-1-respondent_group": "pupil",
        "goals-1-subgroup": "all",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def small(programme, packages):
    """A round with one school-level score for Aars Skole, cheaper than a generated round."""
    mapping_round = MappingRoundFactory(label="T1", held_on=date(2024, 9, 16))
    indicator = IndicatorFactory(code="FAG")
    UnitScoreFactory(
        round=mapping_round,
        institution=programme.school,
        indicator=indicator,
        subgroup="boy",
        score=491.6,
    )
    return mapping_round, indicator


def test_the_form_is_prefilled_from_the_packages_weeks(client_for, programme, packages, small):
    response = client_for(programme.people["leader"]).get(choose_url("773001", packages.wellbeing))
    assert response.status_code == 200
    forms = response.context["forms"]
    start = forms.choice_form.initial["starts_on"]
    ends_on = forms.choice_form.initial["ends_on"]
    # Twelve weeks of school: at least twelve calendar weeks, more when holidays fall in them.
    assert ends_on >= start.fromordinal(start.toordinal() + 12 * 7 - 3)
    first, second = forms.module_forms
    assert first.initial["starts_on"] >= start
    assert (first.initial["starts_on"] - start).days < 20  # the next school day
    assert second.initial["due_on"] == ends_on
    assert first.initial["due_on"] < second.initial["starts_on"]
    for form in forms.module_forms:
        for name in ("starts_on", "due_on"):
            assert is_school_day(form.initial[name]), (name, form.initial[name])
    html = response.content.decode()
    # Only the school's own teams are offered, with labels tied to the checkboxes.
    assert "Mellemtrinnet" in html and "Udskolingen" in html
    assert 'for="id_teams_0"' in html
    assert len(forms.goal_formset.forms) >= 1


def test_a_leader_chooses_a_package_and_the_teams_are_enrolled(
    client_for, programme, packages, small
):
    mapping_round, indicator = small
    client = client_for(programme.people["leader"])
    response = client.post(
        choose_url("773001", packages.wellbeing),
        form_data(programme, packages, mapping_round, indicator),
    )
    assert response.status_code == 302, response.context and response.context["forms"].has_errors
    assert response.url == reverse("competence_packages:choices", args=["773001"])
    choice = PackageChoice.objects.get()
    assert choice.package.pk == packages.wellbeing.pk
    assert choice.chosen_by == programme.people["leader"]
    assert set(choice.teams.all()) == {programme.team, programme.other_team}
    assert (choice.starts_on, choice.ends_on) == (date(2025, 1, 6), date(2025, 3, 30))
    assert [(p.module_id, p.due_on) for p in ModulePlan.objects.order_by("starts_on")] == [
        (packages.modules[0].pk, date(2025, 2, 14)),
        (packages.modules[1].pk, date(2025, 3, 28)),
    ]
    goal = SmartGoal.objects.get()
    assert (goal.subgroup, goal.baseline_score, goal.target_score, goal.target_round_label) == (
        "boy",
        492.0,
        510.0,
        "T2",
    )
    assert enrolled_module_ids(team_ids=[programme.team.pk]) == {m.pk for m in packages.modules}


def test_an_empty_baseline_takes_the_schools_score(client_for, programme, packages, small):
    mapping_round, indicator = small
    client = client_for(programme.people["leader"])
    data = form_data(
        programme, packages, mapping_round, indicator, **{"goals-0-baseline_score": ""}
    )
    assert client.post(choose_url("773001", packages.wellbeing), data).status_code == 302
    assert SmartGoal.objects.get().baseline_score == 492  # 491.6 in whole points, as shown


@pytest.mark.parametrize(
    ("overrides", "field_error"),
    [
        ({"teams": None}, ("choice_form", "teams", "Choose at least one team.")),
        (
            {"ends_on": "2024-12-01"},
            ("choice_form", "ends_on", "The end date must be on or after the start date."),
        ),
        (
            {"goals-0-target_score": "480"},
            ("goal", "target_score", "The target must be higher than the baseline (492)"),
        ),
        (
            {"goals-0-target_round_label": "T1"},
            ("goal", "target_round_label", "The target round must be a later round"),
        ),
        (
            {"goals-0-subgroup": "girl", "goals-0-baseline_score": ""},
            ("goal", "baseline_score", "The school has no published score for this in T1"),
        ),
        ({"MODULE0-due_on": "2025-04-30"}, ("module", "due_on", "by the end of the package")),
        ({"MODULE0-starts_on": "2024-12-30"}, ("module", "starts_on", "before the package starts")),
        ({"MODULE0-due_on": "2025-01-01"}, ("module", "due_on", "on or after the module's start")),
    ],
)
def test_bad_input_gives_specific_errors_and_keeps_what_was_typed(
    client_for, programme, packages, small, overrides, field_error
):
    mapping_round, indicator = small
    prefix = f"module-{packages.modules[0].pk}"
    overrides = {k.replace("MODULE0", prefix): v for k, v in overrides.items()}
    client = client_for(programme.people["leader"])
    client.cookies["django_language"] = "en"
    response = client.post(
        choose_url("773001", packages.wellbeing),
        form_data(programme, packages, mapping_round, indicator, **overrides),
    )
    assert response.status_code == 200
    assert not PackageChoice.objects.exists()
    forms = response.context["forms"]
    where, field, message = field_error
    form = {
        "choice_form": forms.choice_form,
        "goal": forms.goal_formset.forms[0],
        "module": forms.module_forms[0],
    }[where]
    assert any(message in error for error in form.errors[field]), form.errors
    html = response.content.decode()
    assert "The choice was not saved." in html
    assert "Vi starter med indskolingen." in html  # the note typed is still there
    assert 'value="510"' in html or overrides.get("goals-0-target_score") == "480"


def test_at_least_one_module_and_one_goal(client_for, programme, packages, small):
    mapping_round, indicator = small
    m1, m2 = packages.modules
    client = client_for(programme.people["leader"])
    client.cookies["django_language"] = "en"
    data = form_data(programme, packages, mapping_round, indicator)
    del data[f"module-{m1.pk}-include"], data[f"module-{m2.pk}-include"]
    for key in [k for k in data if k.startswith("goals-0-")]:
        del data[key]
    response = client.post(choose_url("773001", packages.wellbeing), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Include at least one of the package&#x27;s modules." in html
    assert not PackageChoice.objects.exists()


def test_teams_of_another_school_are_refused(client_for, programme, packages, small):
    mapping_round, indicator = small
    stranger = TeamFactory(institution=programme.other_school, name="Andet team")
    client = client_for(programme.people["leader"])
    response = client.post(
        choose_url("773001", packages.wellbeing),
        form_data(programme, packages, mapping_round, indicator, teams=[stranger.pk]),
    )
    assert response.status_code == 200
    assert "teams" in response.context["forms"].choice_form.errors
    assert not PackageChoice.objects.exists()


def test_the_service_refuses_what_does_not_hold_together(programme, packages, small):
    mapping_round, indicator = small
    goal = services.GoalData(indicator, "pupil", "all", mapping_round, 480, 500, "T2")
    other_module = packages.classroom.add_child(
        instance=packages.modules[0].__class__(title="Andet modul", slug="andet")
    )
    stranger = TeamFactory(institution=programme.other_school, name="Andet team")
    with pytest.raises(ServiceError) as refused, translation.override("en"):
        services.package_choose(
            institution=programme.school,
            package=packages.wellbeing,
            plan=services.ChoicePlan(
                teams=[programme.team, stranger],
                starts_on=date(2025, 1, 1),
                ends_on=date(2025, 3, 1),
                modules=[services.PlannedModule(other_module, date(2024, 12, 1), date(2025, 2, 1))],
                goals=[goal],
            ),
        )
    # Every problem at once, each in words a leader reads, the team's on its field.
    assert refused.value.messages == [
        "Every team must belong to the school.",
        "Andet modul is not a module of the package.",
        "Andet modul is planned outside the package's dates.",
    ]
    assert [p.field for p in refused.value.problems] == ["teams", None, None]
    assert not PackageChoice.objects.exists()


def choose_for_test(programme, packages, small) -> PackageChoice:
    mapping_round, indicator = small
    return services.package_choose(
        institution=programme.school,
        package=packages.wellbeing,
        plan=services.ChoicePlan(
            teams=[programme.team],
            starts_on=date(2025, 1, 6),
            ends_on=date(2025, 3, 30),
            modules=[
                services.PlannedModule(packages.modules[0], date(2025, 1, 6), date(2025, 2, 14)),
                services.PlannedModule(packages.modules[1], date(2025, 2, 17), date(2025, 3, 28)),
            ],
            goals=[services.GoalData(indicator, "pupil", "boy", mapping_round, 492, 510, "T2")],
        ),
        by=programme.people["leader"],
    )


def test_editing_keeps_kept_module_plans_and_saves_changes(client_for, programme, packages, small):
    choice = choose_for_test(programme, packages, small)
    kept = ModulePlan.objects.get(module=packages.modules[0])
    url = reverse("competence_packages:choice_edit", args=["773001", choice.pk])
    client = client_for(programme.people["leader"])
    response = client.get(url)
    assert response.status_code == 200
    forms = response.context["forms"]
    assert forms.choice_form.initial["teams"] == [programme.team.pk]
    assert forms.goal_formset.forms[0].initial["target_score"] == 510
    mapping_round, indicator = small
    m1, m2 = packages.modules
    data = form_data(
        programme,
        packages,
        mapping_round,
        indicator,
        **{
            f"module-{m2.pk}-include": None,
            f"module-{m1.pk}-due_on": "2025-02-21",
            "goals-0-target_score": "515",
            "goals-INITIAL_FORMS": "1",
        },
    )
    response = client.post(url, data)
    assert response.status_code == 302
    assert list(ModulePlan.objects.values_list("pk", "due_on")) == [(kept.pk, date(2025, 2, 21))]
    assert SmartGoal.objects.get().target_score == 515
    choice.refresh_from_db()
    assert set(choice.teams.all()) == {programme.team, programme.other_team}


def test_withdrawing_removes_the_choice(client_for, programme, packages, small):
    choice = choose_for_test(programme, packages, small)
    url = reverse("competence_packages:choice_withdraw", args=["773001", choice.pk])
    client = client_for(programme.people["leader"])
    assert client.get(url).status_code == 200
    assert PackageChoice.objects.exists()
    assert client.post(url).status_code == 302
    assert not PackageChoice.objects.exists()
    assert not ModulePlan.objects.exists()


@pytest.mark.parametrize(
    "person",
    ["local_rp", "municipal_rp", "municipal_coordinator", "teacher", "author", "nobody"],
)
def test_only_leaders_and_admins_choose_edit_or_withdraw(
    client_for, programme, packages, small, person
):
    choice = choose_for_test(programme, packages, small)
    mapping_round, indicator = small
    client = client_for(programme.people[person])
    urls = [
        choose_url("773001", packages.wellbeing),
        reverse("competence_packages:choice_edit", args=["773001", choice.pk]),
        reverse("competence_packages:choice_withdraw", args=["773001", choice.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 403, url
        data = form_data(programme, packages, mapping_round, indicator)
        assert client.post(url, data).status_code == 403, url
    assert PackageChoice.objects.count() == 1


def test_the_admin_may_choose(client_for, programme, packages, small):
    client = client_for(programme.people["admin"])
    assert client.get(choose_url("773001", packages.wellbeing)).status_code == 200


def test_another_schools_choice_is_404_for_its_leader(client_for, programme, packages, small):
    choice = choose_for_test(programme, packages, small)
    from lms import services as lms_services
    from lms.factories import UserFactory
    from lms.roles import Role

    other_leader = UserFactory(email="leder2@test.dk")
    lms_services.role_assign(
        user=other_leader, role=Role.SCHOOL_LEADER, institution=programme.other_school
    )
    client = client_for(other_leader)
    url = reverse("competence_packages:choice_edit", args=["773002", choice.pk])
    assert client.get(url).status_code == 404
    url = reverse("competence_packages:choice_withdraw", args=["773002", choice.pk])
    assert client.post(url).status_code == 404
    assert PackageChoice.objects.exists()


def test_an_unpublished_package_cannot_be_chosen(client_for, programme, packages, small):
    packages.parents.unpublish()
    client = client_for(programme.people["leader"])
    assert client.get(choose_url("773001", packages.parents)).status_code == 404


def test_the_package_page_leads_a_leader_on_to_choosing_it(client_for, programme, packages):
    client = client_for(programme.people["leader"])
    page = client.get(packages.wellbeing.url)
    url = reverse("competence_packages:choose_for", args=[packages.wellbeing.pk])
    assert url in page.content.decode()
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == choose_url("773001", packages.wellbeing)


def test_the_package_page_link_explains_to_others_who_chooses(client_for, programme, packages):
    client = client_for(programme.people["teacher"])
    client.cookies["django_language"] = "en"
    response = client.get(reverse("competence_packages:choose_for", args=[packages.wellbeing.pk]))
    assert response.status_code == 200
    assert response.context["schools"] == []
    assert "A school's leadership chooses its competence packages." in response.content.decode()
    admin = client_for(programme.people["admin"])
    response = admin.get(reverse("competence_packages:choose_for", args=[packages.wellbeing.pk]))
    assert choose_url("773002", packages.wellbeing) in response.content.decode()


def test_editing_keeps_the_plan_of_a_module_unpublished_since(
    client_for, programme, packages, small
):
    choice = choose_for_test(programme, packages, small)
    packages.modules[1].unpublish()
    url = reverse("competence_packages:choice_edit", args=["773001", choice.pk])
    forms = client_for(programme.people["leader"]).get(url).context["forms"]
    assert [f.module.pk for f in forms.module_forms] == [m.pk for m in packages.modules]
    assert forms.module_forms[1].initial["include"] is True


def test_the_suggested_plan_leaves_out_the_christmas_holiday(packages):
    """Two weeks from Monday 14 December 2026: a week before Christmas, a week after it."""
    from competence_packages.selectors import suggested_plan

    ends_on, plan = suggested_plan(
        modules=packages.modules[:2], starts_on=date(2026, 12, 14), weeks=2
    )
    assert [(start, due) for _module, start, due in plan] == [
        (date(2026, 12, 14), date(2026, 12, 18)),
        (date(2027, 1, 4), date(2027, 1, 8)),
    ]
    assert ends_on == date(2027, 1, 8)
    # Starting on 24 December, the first module starts after the holiday.
    _ends, plan = suggested_plan(
        modules=packages.modules[:1], starts_on=date(2026, 12, 24), weeks=1
    )
    assert plan[0][1:] == (date(2027, 1, 4), date(2027, 1, 8))


def test_the_danish_school_holidays():
    assert not is_school_day(date(2026, 12, 24))
    assert not is_school_day(date(2027, 2, 17))  # winter holiday, week 7
    assert not is_school_day(date(2027, 3, 25))  # Maundy Thursday
    assert not is_school_day(date(2027, 5, 7))  # the Friday after Ascension Day
    assert not is_school_day(date(2027, 7, 15))  # summer
    assert not is_school_day(date(2026, 10, 14))  # autumn holiday, week 42
    assert is_school_day(date(2027, 1, 4))
    assert not is_school_day(date(2027, 1, 9))  # a Saturday


def test_the_catalogue_offers_a_chosen_package_for_editing_not_again(
    client_for, programme, packages, small
):
    mapping_round, indicator = small
    client = client_for(programme.people["leader"])
    catalogue = reverse("competence_packages:catalogue", args=["773001"])
    assert choose_url("773001", packages.wellbeing) in client.get(catalogue).content.decode()
    client.post(
        choose_url("773001", packages.wellbeing),
        form_data(programme, packages, mapping_round, indicator),
    )
    choice = PackageChoice.objects.get()
    html = client.get(catalogue).content.decode()
    assert choose_url("773001", packages.wellbeing) not in html
    assert reverse("competence_packages:choice_edit", args=["773001", choice.pk]) in html


def test_a_choice_without_teams_says_so_once_and_keeps_the_rest(
    client_for, programme, packages, small
):
    mapping_round, indicator = small
    data = form_data(programme, packages, mapping_round, indicator)
    data.pop("teams")
    client = client_for(programme.people["leader"])
    client.cookies["django_language"] = "en"
    response = client.post(choose_url("773001", packages.wellbeing), data)
    html = response.content.decode()
    assert html.count("Choose at least one team.") == 1
    assert response.context["forms"].choice_form["note"].value() == data.get("note", "")
