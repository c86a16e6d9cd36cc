"""The plan as data, frozen into each version when it is handed in (and shown from there)."""

from __future__ import annotations

from django.db.models import Prefetch

from lms.models import Team

from .models import Plan, PlanAction


def _day(value) -> str:
    return value.isoformat() if value else ""


def _action(action: PlanAction) -> dict:
    choice = action.choice
    return {
        "focus_area": action.focus_area.title if action.focus_area else "",
        "title": action.title,
        "package": choice.package.title if choice else "",
        "teams": [team.name for team in choice.teams.all()] if choice else [],
        "starts_on": _day(choice.starts_on if choice else action.starts_on),
        "ends_on": _day(choice.ends_on if choice else action.ends_on),
        "lead": str(action.lead) if action.lead else "",
        "follow_up_on": _day(action.follow_up_on),
    }


def plan_content(plan: Plan) -> dict:
    """Everything the plan says, in plain data: what the municipality read in this version."""
    focus_areas = plan.focus_areas.select_related(
        "goal__indicator", "goal__baseline_round"
    ).order_by("position")
    actions = plan.actions.select_related("focus_area", "lead", "choice__package").prefetch_related(
        Prefetch("choice__teams", queryset=Team.objects.order_by("name"))
    )
    return {
        "period": plan.period,
        "direction": plan.direction,
        "resources": plan.resources,
        "focus_areas": [
            {
                "title": focus.title,
                "weak_area": focus.weak_area,
                "reasoning": focus.reasoning,
                "research": focus.research,
                "goal": {
                    "indicator": focus.goal.indicator.code,
                    "indicator_name": focus.goal.indicator.name,
                    "respondent_group": focus.goal.respondent_group,
                    "subgroup": focus.goal.subgroup,
                    "baseline_round": focus.goal.baseline_round.label,
                    "baseline": focus.goal.baseline_score,
                    "target": focus.goal.target_score,
                    "target_round": focus.goal.target_round_label,
                },
            }
            for focus in focus_areas
        ],
        "actions": [_action(action) for action in actions.order_by("follow_up_on", "pk")],
        "milestones": [
            {"due_on": _day(m.due_on), "text": m.text}
            for m in plan.milestones.order_by("due_on", "pk")
        ],
    }
