"""Plans written through the services, for tests that need one ready."""

from __future__ import annotations

from datetime import date

from plans import selectors, services
from plans.models import Plan

FAG_BOYS = "FAG|pupil|boy|subgroup_gap"
KLA = "KLA|pupil|all|below_benchmark"


def baselines(plan: Plan) -> dict[str, float]:
    return {
        key: float(text.rsplit("(", 1)[1].split(",")[0])
        for key, text in selectors.weak_area_choices(plan=plan)
    }


def write_plan(*, school, baseline_round, leader, lead=None, rises=None, target="T3") -> Plan:
    """A plan with a focus area per weak area in `rises` ({key: points above the baseline}),
    each served by one action."""
    rises = rises or {FAG_BOYS: 20, KLA: 40}
    plan = services.plan_start(
        institution=school, baseline_round=baseline_round, target_round_label=target, by=leader
    )
    for key, rise in rises.items():
        score = plan_baseline(plan, key)
        focus = services.focus_area_save(
            plan=plan,
            data=services.FocusAreaData(
                weak_area=key, target_score=round(score) + rise, reasoning="Data viser det."
            ),
            by=leader,
        )
        services.plan_action_add(
            plan=plan,
            data=services.ActionData(
                focus_area=focus,
                lead=lead or leader,
                follow_up_on=date(2024, 11, 4),
                title=f"Indsats for {focus.title}",
                starts_on=date(2024, 10, 7),
                ends_on=date(2025, 6, 20),
            ),
            by=leader,
        )
    return plan


def plan_baseline(plan: Plan, key: str) -> float:
    areas = services.weak_areas_by_key(
        institution=plan.institution, mapping_round=plan.baseline_round
    )
    return areas[key]["score"]


def approve(plan: Plan, *, leader, reviewer) -> Plan:
    services.plan_submit(plan=plan, by=leader)
    services.plan_answer(plan=plan, kind="approval", text="", by=reviewer)
    plan.refresh_from_db()
    return plan
