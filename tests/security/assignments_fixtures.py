"""A handed-in submission of `programme.team` on a school's own assignment (no package needed)."""

from assignments import services
from modules.models import ModuleAssignmentPage
from modules.services import school_assignments_page_for


def handed_in_submission(programme):
    page = school_assignments_page_for(programme.school).add_child(
        instance=ModuleAssignmentPage(
            title="Egen opgave", slug="egen", task="<p>t</p>", hand_in="<p>h</p>"
        )
    )
    teacher = programme.people["teacher"]
    submission = services.submission_get_or_create(team=programme.team, assignment=page)
    services.draft_save(submission=submission, text="Svar", base_revision=0, by=teacher)
    services.submission_submit(submission=submission, by=teacher)
    submission.refresh_from_db()
    return submission
