"""Published pages are found by their URL from the kept map (lms.content_routes), and every
change to the tree is seen at once: a new slug, an unpublished page, a move."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from lms import content_cache


def _page_table_queries(client, url) -> tuple[int, int]:
    client.get(url)  # the map and the site root are read once, then kept
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    page_reads = [q for q in queries if 'FROM "wagtailcore_page"' in q["sql"]]
    return response.status_code, len(page_reads)


def test_a_module_page_is_routed_with_one_read_of_the_page_table(client_for, programme, content):
    client = client_for(programme.people["teacher"])
    status, reads = _page_table_queries(client, content.module.url)
    assert status == 200
    # Wagtail's own routing read the tree two queries a level (six for a module); the page's
    # own view may read its package once more.
    assert reads <= 2
    status, reads = _page_table_queries(client, content.assignment.url)
    assert status == 200
    assert reads <= 3


def test_a_renamed_page_answers_at_its_new_url_only(client_for, programme, content):
    client = client_for(programme.people["teacher"])
    old_url = content.module.url
    assert client.get(old_url).status_code == 200
    content.module.slug = "nyt-navn"
    content.module.save_revision().publish()
    content.module.refresh_from_db()
    assert content.module.url != old_url
    assert client.get(old_url).status_code == 404
    response = client.get(content.module.url)
    assert response.status_code == 200
    assert content.module.title in response.content.decode()


def test_an_unpublished_page_answers_404_and_a_republished_one_200(client_for, programme, content):
    client = client_for(programme.people["teacher"])
    url = content.module.url
    assert client.get(url).status_code == 200
    content.module.unpublish()
    assert client.get(url).status_code == 404
    content.module.save_revision().publish()
    assert client.get(url).status_code == 200


def test_a_page_unpublished_behind_the_kept_map_is_not_served(client_for, programme, content):
    """Another process unpublished it and the version has not reached this one yet: the page
    itself is read live, so it is not served from the stale map."""
    client = client_for(programme.people["teacher"])
    url = content.module.url
    assert client.get(url).status_code == 200
    type(content.module).objects.filter(pk=content.module.pk).update(live=False)
    assert client.get(url).status_code == 404
    content_cache.forget()
    assert client.get(url).status_code == 404


def test_unknown_paths_and_refusals_are_as_before(client_for, programme, content):
    teacher = client_for(programme.people["teacher"])
    assert teacher.get(content.module.url + "findes-ikke/").status_code == 404
    assert teacher.get("/indhold/findes-ikke/").status_code == 404
    # The route is found the fast way; who may read the page is still decided by the hooks.
    assert client_for(programme.people["other_teacher"]).get(content.module.url).status_code == 403
