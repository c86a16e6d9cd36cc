from assignments.selectors import due_on_for
from modules.selectors import enrolled_module_ids


def test_fixtures_enrol_both_teams(programme, module_tree, enrolled, school_assignment):
    for team in (programme.team, programme.other_team):
        assert module_tree.module.pk in enrolled_module_ids(team_ids=[team.pk])
    assert due_on_for(team=programme.team, assignment=module_tree.assignment) == (
        enrolled.module_plans.get().due_on
    )
    assert school_assignment.get_parent().specific.institution == programme.school
