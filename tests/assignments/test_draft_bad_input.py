"""Finding 8: `action=remove:²` on a draft saved the draft and then answered 500. A mangled
button is refused before anything is saved, with the typed text kept in the form."""

import pytest
from django.urls import reverse

from assignments import services
from assignments.models import Submission


@pytest.mark.parametrize("action", ["remove:²", "remove:abc", "remove:", "delete-all", "remove:-1"])
def test_a_strange_button_keeps_the_text_and_saves_nothing(
    client_for, programme, module_tree, enrolled, action
):
    teacher = programme.people["teacher"]
    url = reverse("assignments:edit", args=[module_tree.assignment.pk, programme.team.pk])
    submission = services.submission_get_or_create(
        team=programme.team, assignment=module_tree.assignment
    )
    services.draft_save(submission=submission, text="Gemt før", base_revision=0, by=teacher)
    response = client_for(teacher).post(
        url, {"text": "Nyt som ikke må gå tabt", "revision": 1, "action": action}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Nyt som ikke må gå tabt" in html
    assert 'class="form-errors" role="alert"' in html
    assert Submission.objects.get(pk=submission.pk).text == "Gemt før"


def test_removing_a_file_that_is_gone_saves_the_text_and_says_so(
    client_for, programme, module_tree, enrolled
):
    teacher = programme.people["teacher"]
    url = reverse("assignments:edit", args=[module_tree.assignment.pk, programme.team.pk])
    response = client_for(teacher).post(
        url, {"text": "Gemmes", "revision": 0, "action": "remove:99999"}, follow=True
    )
    assert response.status_code == 200
    assert Submission.objects.get(team=programme.team).text == "Gemmes"
