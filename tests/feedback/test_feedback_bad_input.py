"""Finding 8: bad input answered with HTTP 500. Each answers 400 or a form error now, and
nothing typed is lost."""

import pytest
from django.urls import reverse

from feedback.models import CommentBankEntry, ReviewTask, WrittenFeedback
from feedback.services import comment_bank_entry_add


@pytest.fixture
def task(handed_in):
    return ReviewTask.objects.get(position=1)


@pytest.mark.parametrize("value", ["²", "abc", "-1", "1e3", "٣", "9" * 30])
def test_a_strange_comment_on_the_task_page_is_ignored(client_for, programme, task, value):
    response = client_for(programme.people["municipal_rp"]).get(
        reverse("feedback:task", args=[task.pk]), {"comment": value}
    )
    assert response.status_code == 200


@pytest.mark.parametrize("with_phrases", [True, False])
@pytest.mark.parametrize("value", ["abc", "²", "", "0"])
def test_inserting_a_strange_phrase_keeps_the_text(
    client_for, programme, tree, task, value, with_phrases
):
    if with_phrases:
        comment_bank_entry_add(package=tree.package, text="En", by=programme.people["municipal_rp"])
    response = client_for(programme.people["municipal_rp"]).post(
        reverse("feedback:task_written", args=[task.pk]),
        {"action": "insert", "comment": value, "text": "Det jeg har skrevet"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Det jeg har skrevet" in html
    assert ('id="id_comment_error"' in html) == with_phrases
    assert 'class="form-errors" role="alert"' in html
    assert not WrittenFeedback.objects.exists()


@pytest.mark.parametrize("value", ["²", "abc", "-3", ""])
def test_deleting_a_strange_phrase_is_a_bad_request(client_for, programme, tree, value):
    rp = programme.people["municipal_rp"]
    entry = comment_bank_entry_add(package=tree.package, text="Behold mig", by=rp)
    response = client_for(rp).post(
        reverse("feedback:comment_bank", args=[tree.package.pk]), {"delete": value}
    )
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert CommentBankEntry.objects.filter(pk=entry.pk).exists()
