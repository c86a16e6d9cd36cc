"""Kept pages (lms.page_cache): a person is shown their page again without drawing it, until
anything it may show has changed; never another person's page, never a stale one."""

import re
import time
import uuid

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from redis_service import REDIS_URL, skip_without_redis

from lms import page_cache, services
from lms.celery import app as celery_app
from lms.factories import TeamFactory
from lms.models import AccessRecord, RoleAssignment, Team

pytestmark = pytest.mark.urls("tests.lms.kept_page_urls")

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@celery_app.task(name="tests.rename_team")
def rename_team(pk: int, name: str) -> None:
    Team.objects.filter(pk=pk).update(name=name)


def _get(client, url) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def _client(person, **kwargs) -> Client:
    client = Client(**kwargs)
    client.force_login(person)
    return client


URL = "/test-kept/teams/?m=820"


def test_the_page_is_kept_and_its_form_carries_this_requests_csrf_token(programme):
    leader = _client(programme.people["leader"], enforce_csrf_checks=True)
    first, drawn = _get(leader, URL)
    second, kept = _get(leader, URL)
    assert kept < drawn  # the view did not run: only the session's person and rights are read
    assert "Mellemtrinnet" in second and page_cache.CSRF_PLACEHOLDER not in second
    assert TOKEN.sub("", first) == TOKEN.sub("", second)
    token = TOKEN.search(second).group(1)
    response = leader.post(
        f"/test-kept/rename/{programme.team.pk}/",
        {"name": "Indskolingen", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 200  # the kept page's form is accepted
    assert "Indskolingen" in _get(leader, URL)[0]


def test_a_write_by_someone_else_in_the_municipality_is_shown_at_once(programme):
    leader = _client(programme.people["leader"])
    _html, drawn = _get(leader, URL)
    assert _get(leader, URL)[1] < drawn
    teacher = _client(programme.people["teacher"])
    teacher.post(f"/test-kept/rename/{programme.team.pk}/", {"name": "Storeholdet"})
    html, _queries = _get(leader, URL)
    assert "Storeholdet" in html and "Mellemtrinnet" not in html


def test_a_write_in_another_municipality_leaves_the_page_kept(programme):
    far_team = TeamFactory(institution=programme.far_school, name="Fjernholdet")
    services.team_member_add(team=far_team, user=programme.people["far_teacher"])
    far = _client(programme.people["far_teacher"])
    _get(far, URL)  # the set-up's writes, made outside any request, are seen by this one
    leader = _client(programme.people["leader"])
    _html, drawn = _get(leader, URL)
    _html, kept = _get(leader, URL)
    far.post(f"/test-kept/rename/{far_team.pk}/", {"name": "Andet navn"})
    assert _get(leader, URL)[1] == kept < drawn


def test_a_write_to_a_table_the_page_did_not_read_leaves_it_kept(programme):
    leader = _client(programme.people["leader"])
    _html, drawn = _get(leader, URL)
    _html, kept = _get(leader, URL)
    teacher = _client(programme.people["teacher"])
    assert teacher.post(f"/test-kept/class/{programme.team.pk}/", {"code": "5a"}).status_code == 200
    assert _get(leader, URL)[1] == kept < drawn
    # …and a write to one it did read, by the same person, is shown at once.
    teacher.post(f"/test-kept/rename/{programme.team.pk}/", {"name": "Femte"})
    html, queries = _get(leader, URL)
    assert "Femte" in html and queries == drawn


def test_a_draft_write_leaves_only_the_pages_that_show_no_drafts_kept(programme, monkeypatch):
    monkeypatch.setattr(page_cache, "_tables_with_drafts", {"lms_team"})
    leader = _client(programme.people["leader"])
    without = "/test-kept/teams-without-drafts/?m=820"
    _html, drawn = _get(leader, URL)
    _get(leader, without)
    _html, kept = _get(leader, without)
    assert _get(leader, URL)[1] == kept < drawn
    teacher = _client(programme.people["teacher"])
    teacher.post(f"/test-kept/draft/{programme.team.pk}/", {"name": "Udkastet"})
    assert "Udkastet" in _get(leader, URL)[0]  # a page that shows drafts is drawn again
    html, queries = _get(leader, without)
    assert queries == kept and "Udkastet" not in html  # one that shows none is used again
    # A write that is not a draft's is shown on both at once.
    teacher.post(f"/test-kept/rename/{programme.team.pk}/", {"name": "Det rigtige navn"})
    assert "Det rigtige navn" in _get(leader, without)[0]
    assert "Det rigtige navn" in _get(leader, URL)[0]


def test_a_draft_write_of_a_table_without_drafts_counts_as_any_write(programme):
    leader = _client(programme.people["leader"])
    without = "/test-kept/teams-without-drafts/?m=820"
    _get(leader, without)
    _html, kept = _get(leader, without)
    _client(programme.people["teacher"]).post(
        f"/test-kept/draft/{programme.team.pk}/", {"name": "Intet udkast"}
    )
    html, queries = _get(leader, without)
    assert "Intet udkast" in html and queries > kept


def test_a_version_the_cache_lost_counts_as_a_change(programme):
    leader = _client(programme.people["leader"])
    _html, drawn = _get(leader, URL)
    assert _get(leader, URL)[1] < drawn
    cache.delete_many([page_cache._version_key("lms_team", "m" + str(m)) for m in
                       (programme.school.municipality_id,)])  # fmt: skip
    assert _get(leader, URL)[1] == drawn


def test_a_programme_administrator_sees_a_change_in_any_municipality(programme):
    admin = _client(programme.people["admin"])
    url = "/test-kept/teams/?m=766"
    far_team = TeamFactory(institution=programme.far_school, name="Fjernholdet")
    services.team_member_add(team=far_team, user=programme.people["far_teacher"])
    assert "Fjernholdet" in _get(admin, url)[0]
    _get(admin, url)
    _client(programme.people["far_teacher"]).post(
        f"/test-kept/rename/{far_team.pk}/", {"name": "Omdøbt hold"}
    )
    assert "Omdøbt hold" in _get(admin, url)[0]


def test_a_write_outside_any_request_is_shown(programme):
    leader = _client(programme.people["leader"])
    _get(leader, URL)
    Team.objects.filter(pk=programme.team.pk).update(name="Ændret i skallen")
    assert "Ændret i skallen" in _get(leader, URL)[0]


def test_a_celery_task_that_writes_is_shown(programme):
    leader = _client(programme.people["leader"])
    _get(leader, URL)
    _get(leader, URL)
    page_cache._bump_outside_writes()  # the set-up's writes: only the task's are left
    rename_team.delay(programme.team.pk, "Omdøbt af en opgave")
    assert "Omdøbt af en opgave" in _get(leader, URL)[0]


def test_people_never_share_a_kept_page(programme):
    first = _client(programme.people["leader"])
    _get(first, URL)
    _get(first, URL)
    html, drawn = _get(_client(programme.people["local_rp"]), URL)
    assert "local_rp@test.dk" in html and "leader@test.dk" not in html


def test_a_page_that_records_its_viewing_is_never_kept(programme):
    leader = _client(programme.people["leader"])
    url = f"/test-kept/viewed/?team={programme.team.pk}"
    for _ in range(3):
        _get(leader, url)
    assert AccessRecord.objects.filter(user=programme.people["leader"], what="test").count() == 3


def test_a_message_waiting_is_shown_on_the_kept_page_once(programme):
    leader = _client(programme.people["leader"])
    _html, drawn = _get(leader, URL)
    _html, kept = _get(leader, URL)
    leader.post("/test-kept/notice/")
    html, queries = _get(leader, URL)
    assert queries == kept < drawn  # nothing was written: the page is still kept
    assert '<p class="message message-success">Gemt.</p>' in html
    assert page_cache.MESSAGES_PLACEHOLDER not in html
    again, _queries = _get(leader, URL)
    assert "Gemt." not in again  # shown once, as always
    assert 'class="messages"' not in again


def test_a_message_waiting_is_shown_on_a_page_drawn_and_kept_without_it(programme):
    leader = _client(programme.people["leader"])
    leader.post(f"/test-kept/rename/{programme.team.pk}/", {"name": "Indskolingen"})
    html, drawn = _get(leader, URL)  # the rename changed the page: drawn, with the message
    assert "Indskolingen" in html and "Omdøbt." in html
    again, kept = _get(leader, URL)
    assert kept < drawn  # kept, but not with the message: that was this one request's
    assert "Indskolingen" in again and "Omdøbt." not in again


def test_a_page_whose_view_leaves_a_message_is_never_kept(programme):
    leader = _client(programme.people["leader"])
    _html, first = _get(leader, "/test-kept/greeting/?m=820")
    html, second = _get(leader, "/test-kept/greeting/?m=820")
    assert second == first  # drawn each time: the view's message is part of its work
    assert "Velkommen tilbage." in html


def test_a_person_whose_role_is_taken_away_is_refused_the_page_they_were_kept(programme):
    leader = programme.people["leader"]
    client = _client(leader)
    url = reverse("overviews:school", args=[programme.school.number])
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200
    services.role_revoke(assignment=RoleAssignment.objects.get(user=leader))
    assert client.get(url).status_code in (403, 404)


def test_nothing_is_kept_when_switched_off(programme, settings):
    settings.LMS_PAGE_CACHE = False
    leader = _client(programme.people["leader"])
    _html, drawn = _get(leader, URL)
    assert _get(leader, URL)[1] == drawn


def test_the_language_is_part_of_what_is_kept(programme):
    leader = _client(programme.people["leader"])
    _get(leader, URL)
    leader.cookies["django_language"] = "en"
    _html, drawn = _get(leader, URL)
    _html, kept = _get(leader, URL)
    assert kept < drawn


def test_a_kept_page_is_used_for_a_minute_at_most(programme, monkeypatch):
    monkeypatch.setattr(page_cache, "MINUTE", 4)  # a short "minute": kept 3 to 4 s
    leader = _client(programme.people["leader"])
    _html, drawn = _get(leader, URL)
    assert _get(leader, URL)[1] < drawn
    time.sleep(4.1)
    assert _get(leader, URL)[1] == drawn


@pytest.fixture
def on_redis():
    """The shared cache as production has it (lms.cache.RedisCache): kept pages compare their
    versions with the bytes Redis holds."""
    skip_without_redis()
    prefix = f"test-kept-{uuid.uuid4().hex[:8]}"
    caches = {"default": {"BACKEND": "lms.cache.RedisCache", "LOCATION": REDIS_URL,
                          "KEY_PREFIX": prefix}}  # fmt: skip
    with override_settings(CACHES=caches):
        assert hasattr(cache, "raw_get_many")
        yield
        client = cache._cache.get_client(write=True)
        for key in client.scan_iter(match=f"{prefix}:*"):  # only this test's keys
            client.delete(key)


def test_on_redis_a_page_is_kept_until_what_it_shows_changes(programme, on_redis):
    leader = _client(programme.people["leader"])
    _html, drawn = _get(leader, URL)
    _html, kept = _get(leader, URL)
    assert kept < drawn
    _client(programme.people["teacher"]).post(
        f"/test-kept/rename/{programme.team.pk}/", {"name": "Redisholdet"}
    )
    html, queries = _get(leader, URL)
    assert "Redisholdet" in html and queries == drawn
    assert _get(leader, URL)[1] == kept
    cache.delete(page_cache._version_key("lms_team", f"m{programme.school.municipality_id}"))
    assert _get(leader, URL)[1] == drawn  # a version Redis lost counts as a change


def test_on_redis_missing_versions_are_made_at_once_and_none_is_replaced(on_redis):
    from lms import content_cache

    cache.set("page-version:lms_team:m1", "kept", timeout=None)
    keys = ["page-version:lms_team:m1", "page-version:lms_team:m2", "page-version:lms_team:any"]
    found = content_cache.versions(keys)
    assert found["page-version:lms_team:m1"] == "kept"  # another process's version stays
    made = {key: found[key] for key in keys[1:]}
    assert len(set(made.values())) == 2 and "kept" not in made.values()
    assert cache.get_many(keys) == found  # stored, and for good (no timeout)
    raw = cache._cache.get_client(write=True)
    assert raw.ttl(cache.make_key(keys[1])) == -1  # kept for good, as `add(timeout=None)`
    assert content_cache.versions(keys) == found
