"""POST data for the Wagtail admin's page forms, as the admin's own tests build it."""

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield


def package_data(**extra) -> dict:
    data = {
        "title": "Faglig trivsel",
        "slug": "faglig-trivsel",
        "code": "FT-1",
        "summary": "Om drengenes faglige trivsel.",
        "audience": "school_teams",
        "estimated_weeks": "12",
        "intro": rich_text("<p>Intro</p>"),
        "target_indicators": inline_formset([]),
    }
    data.update(extra)
    return nested_form_data(data)


def module_data(**extra) -> dict:
    data = {
        "title": "Modul 1",
        "slug": "modul-1",
        "kind": "content",
        "body": streamfield([]),
    }
    data.update(extra)
    return nested_form_data(data)


def assignment_data(**extra) -> dict:
    data = {
        "title": "Prøv det i klassen",
        "slug": "proev-det",
        "task": rich_text("<p>Prøv en ny samtaleform.</p>"),
        "hand_in": rich_text("<p>En kort refleksion.</p>"),
        "suggested_duration_weeks": "3",
    }
    data.update(extra)
    return nested_form_data(data)


def assert_refused(response) -> None:
    """Wagtail's admin answers a PermissionDenied with a redirect to its dashboard (or a 403)."""
    assert response.status_code in (302, 403), response.status_code
    if response.status_code == 302:
        assert response["Location"] in ("/cms/",) or "login" in response["Location"], response[
            "Location"
        ]
