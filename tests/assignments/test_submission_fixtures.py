from competence_packages.enrolment import due_on_for, team_is_enrolled


def test_fixtures_enrol_both_teams(programme, module_tree, enrolled, school_assignment):
    assert team_is_enrolled(team=programme.team, module=module_tree.module)
    assert team_is_enrolled(team=programme.other_team, module=module_tree.module)
    assert due_on_for(team=programme.team, assignment=module_tree.assignment) == (
        enrolled.module_plans.get().due_on
    )
    assert school_assignment.get_parent().specific.institution == programme.school
