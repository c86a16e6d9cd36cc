"""Reflection and check answers are saved per person, shown back, and refused where not allowed."""

from django.urls import reverse

from modules.models import CheckAnswer, ModuleCompletion, ReflectionAnswer


def _reflection_url(content, block_id):
    return reverse("modules:reflection", args=[content.module.pk, block_id])


def _check_url(content, block_id):
    return reverse("modules:check", args=[content.module.pk, block_id])


def test_a_reflection_is_saved_for_the_person_and_shown_back(
    client_for, programme, content, block_ids
):
    block_id = block_ids(content.module, "reflection")[0]
    client = client_for(programme.people["teacher"])
    response = client.post(_reflection_url(content, block_id), {"text": "  Fredag i 5.b.  "})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#block-{block_id}")
    answer = ReflectionAnswer.objects.get()
    assert (answer.user, answer.page_id, answer.block_id, answer.text) == (
        programme.people["teacher"],
        content.module.pk,
        block_id,
        "Fredag i 5.b.",
    )
    client.post(_reflection_url(content, block_id), {"text": "Tirsdag i 4.a."})
    assert ReflectionAnswer.objects.get().text == "Tirsdag i 4.a."  # updated, not duplicated
    html = client.get(content.module.url).content.decode()
    assert "Tirsdag i 4.a.</textarea>" in html


def test_teammates_see_each_others_answers_but_other_teams_do_not(
    client_for, programme, content, block_ids
):
    block_id = block_ids(content.module, "reflection")[0]
    content.choice.teams.add(programme.other_team)
    ReflectionAnswer.objects.create(
        user=programme.people["coordinator"], page=content.module, block_id=block_id,
        text="Koordinatorens svar",
    )  # fmt: skip
    ReflectionAnswer.objects.create(
        user=programme.people["other_teacher"], page=content.module, block_id=block_id,
        text="Udskolingens svar",
    )  # fmt: skip
    html = client_for(programme.people["teacher"]).get(content.module.url).content.decode()
    assert "Koordinatorens svar" in html
    assert str(programme.people["coordinator"]) in html
    assert "Udskolingens svar" not in html


def test_an_empty_reflection_is_refused_and_nothing_typed_is_lost(
    client_for, programme, content, block_ids
):
    block_id = block_ids(content.module, "reflection")[0]
    client = client_for(programme.people["teacher"])
    response = client.post(_reflection_url(content, block_id), {"text": "   "})
    assert response.status_code == 400
    html = response.content.decode()
    assert f'id="err-{block_id}"' in html and 'aria-invalid="true"' in html
    assert not ReflectionAnswer.objects.exists()
    long_text = "x" * 10_001
    response = client.post(_reflection_url(content, block_id), {"text": long_text})
    assert response.status_code == 400
    assert f"{long_text}</textarea>" in response.content.decode()


def test_a_check_answer_shows_the_explanation_and_whether_it_was_right(
    client_for, programme, content, block_ids
):
    block_id = block_ids(content.module, "check")[0]
    client = client_for(programme.people["teacher"])
    assert client.post(_check_url(content, block_id), {"option": "1"}).status_code == 302
    answer = CheckAnswer.objects.get()
    assert (answer.option, answer.correct) == (1, False)
    html = client.get(content.module.url).content.decode()
    assert "Ros flytter sjældent læringen 1." in html
    assert "Rigtigt: opgaven er i fokus 1." not in html
    assert 'class="check-result is-wrong"' in html  # plus a text verdict, not colour alone
    assert 'value="1" checked' in html
    client.post(_check_url(content, block_id), {"option": "0"})
    answer = CheckAnswer.objects.get()
    assert (answer.option, answer.correct) == (0, True)
    html = client.get(content.module.url).content.decode()
    assert "Rigtigt: opgaven er i fokus 1." in html and "is-correct" in html


def test_a_check_without_a_valid_choice_is_refused(client_for, programme, content, block_ids):
    block_id = block_ids(content.module, "check")[0]
    client = client_for(programme.people["teacher"])
    for data in ({}, {"option": "7"}, {"option": "x"}):
        response = client.post(_check_url(content, block_id), data)
        assert response.status_code == 400
        assert f'id="err-{block_id}"' in response.content.decode()
    assert not CheckAnswer.objects.exists()


def test_unknown_blocks_and_wrong_block_types_are_not_found(
    client_for, programme, content, block_ids
):
    client = client_for(programme.people["teacher"])
    check_id = block_ids(content.module, "check")[0]
    assert client.post(_reflection_url(content, "nope"), {"text": "a"}).status_code == 404
    assert client.post(_reflection_url(content, check_id), {"text": "a"}).status_code == 404
    assert not ReflectionAnswer.objects.exists()


def test_no_answers_are_saved_on_a_module_the_person_may_not_view(
    client_for, programme, content, block_ids
):
    reflection_id = block_ids(content.other_module, "reflection")[0]
    check_id = block_ids(content.other_module, "check")[0]
    for person in ("teacher", "other_teacher", "far_teacher", "nobody"):
        client = client_for(programme.people[person])
        urls = [
            reverse("modules:reflection", args=[content.other_module.pk, reflection_id]),
            reverse("modules:check", args=[content.other_module.pk, check_id]),
            reverse("modules:mark_read", args=[content.other_module.pk]),
        ]
        for url in urls:
            assert client.post(url, {"text": "a", "option": "0"}).status_code == 403, (person, url)
    # other_teacher's team is not enrolled in module 1 either
    client = client_for(programme.people["other_teacher"])
    url = _reflection_url(content, block_ids(content.module, "reflection")[0])
    assert client.post(url, {"text": "a"}).status_code == 403
    assert not ReflectionAnswer.objects.exists()
    assert not CheckAnswer.objects.exists()
    assert not ModuleCompletion.objects.exists()


def test_answer_views_accept_only_post(client_for, programme, content, block_ids):
    client = client_for(programme.people["teacher"])
    block_id = block_ids(content.module, "reflection")[0]
    assert client.get(_reflection_url(content, block_id)).status_code == 405


def test_marking_a_module_read_and_unread(client_for, programme, content):
    client = client_for(programme.people["teacher"])
    url = reverse("modules:mark_read", args=[content.module.pk])
    assert client.post(url, {"read": "1"}).status_code == 302
    client.post(url, {"read": "1"})
    assert ModuleCompletion.objects.filter(user=programme.people["teacher"]).count() == 1
    html = client.get(content.module.url).content.decode()
    assert "Mark as not read" in html or 'name="read" value="0"' in html
    client.post(url, {"read": "0"})
    assert not ModuleCompletion.objects.exists()
