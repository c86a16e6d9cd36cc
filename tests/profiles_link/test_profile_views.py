"""Profile pages through the client as each role: who sees what, suppression, choosers, queries."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from profiles_link import selectors
from profiles_link.generator import Effect, generate_round
from profiles_link.parsing import read_round
from profiles_link.scoring import score_round
from profiles_link.services import mapping_round_import

# Query counts are of pages drawn, not kept (lms.page_cache).
pytestmark = pytest.mark.pages_drawn

# ---------------------------------------------------------------- a tiny round, by hand
# Two items of "Faglig trivsel" for pupils. Aars Skole (773001) has class 1A with exactly four
# pupils (suppressed) and 1B with six; Løgstør (773002) has 2A with six. (id, class, gender, F1, F2)
PUPILS = [
    ("p01", "773001", "1A", "girl", 5, 5),
    ("p02", "773001", "1A", "boy", 5, 5),
    ("p03", "773001", "1A", "girl", 5, 4),
    ("p04", "773001", "1A", "boy", 4, 4),
    ("p05", "773001", "1B", "girl", 3, 3),
    ("p06", "773001", "1B", "boy", 2, 3),
    ("p07", "773001", "1B", "girl", 3, 4),
    ("p08", "773001", "1B", "boy", 2, 2),
    ("p09", "773001", "1B", "girl", 4, 3),
    ("p10", "773001", "1B", "boy", 3, 2),
    ("p11", "773002", "2A", "girl", 4, 4),
    ("p12", "773002", "2A", "boy", 3, 3),
    ("p13", "773002", "2A", "girl", 4, 3),
    ("p14", "773002", "2A", "boy", 3, 4),
    ("p15", "773002", "2A", "girl", 5, 4),
    ("p16", "773002", "2A", "boy", 2, 3),
]


def tiny_round(pupils=PUPILS) -> dict[str, bytes]:
    respondents = ["respondent_id,respondent_group,municipality_code,school_code,class_code,gender"]
    answers = ["respondent_id,item_code,value"]
    for rid, school, klass, gender, f1, f2 in pupils:
        respondents.append(f"{rid},pupil,820,{school},{klass},{gender}")
        answers += [f"{rid},F1,{f1}", f"{rid},F2,{f2}"]
    files = {
        "indicators.csv": "indicator_code,name_da,name_en\nFAG,Faglig trivsel,Academic well-being",
        "items.csv": "item_code,indicator_code,respondent_group,reverse,min,max,text\n"
        "F1,FAG,pupil,0,1,5,Jeg er god til at lære nyt.\n"
        "F2,FAG,pupil,0,1,5,Jeg kan koncentrere mig.",
        "respondents.csv": "\n".join(respondents),
        "answers.csv": "\n".join(answers),
    }
    return {name: (text + "\n").encode() for name, text in files.items()}


def hidden_scores(files: dict[str, bytes]) -> list[float]:
    """The numbers of the suppressed cells, worked out outside the database: they must not leak."""
    aggregates = score_round(read_round(files)).aggregates
    hidden = aggregates.loc[aggregates["suppressed"].astype(bool)]
    return [float(v) for v in hidden["score"].dropna()]


def renderings(score: float) -> list[str]:
    """How a score could be written: 2 and 1 decimals (point or comma)."""
    forms = [f"{score:.2f}", f"{score:.1f}"]
    return forms + [form.replace(".", ",") for form in forms]


UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def assert_no_number(text: str, score: float) -> None:
    # The page's own content: the header holds the viewer's name, which a factory numbers.
    text = text.split("<main", 1)[-1]
    # Ids made at random (StreamField blocks' UUIDs in element ids) hold digits by chance.
    text = UUID.sub("", text)
    for form in renderings(score):
        assert form not in text, form
    # The whole number, not as part of a longer number (coordinates always carry a decimal).
    found = re.search(rf"(?<![\d.,]){round(score)}(?![\d.,])", text)
    assert found is None, (round(score), text[max(found.start() - 160, 0) : found.end() + 40])


def da(message: str, **values) -> str:
    with translation.override("da"):
        text = gettext(message)
    return escape(text % values if values else text)


@pytest.fixture
def tiny(programme):
    files = tiny_round()
    mapping_round_import(source=files, round_label="T1", held_on=date(2024, 9, 16))
    return files


def school_url(number: str = "773001", **params) -> str:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return reverse("profiles:school_profile", args=[number]) + (f"?{query}" if query else "")


# ---------------------------------------------------------------- who sees what


@pytest.mark.parametrize(
    "person",
    ["teacher", "leader", "local_rp", "municipal_rp", "municipal_coordinator", "admin"],
)
def test_school_profile_is_shown_to_the_school_and_its_coordinator(
    client_for, programme, tiny, person
):
    response = client_for(programme.people[person]).get(school_url())
    assert response.status_code == 200
    profile = response.context["profile"]
    assert profile.unit_code == "773001"
    school = profile.rows[0].cell
    assert school.n == 10 and not school.suppressed
    assert f'<span class="score">{school.shown}</span>' in response.content.decode()


@pytest.mark.parametrize("person", ["author", "other_coordinator", "far_teacher", "nobody"])
def test_school_profile_is_refused_to_others(client_for, programme, tiny, person):
    client = client_for(programme.people[person])
    assert client.get(school_url()).status_code == 403
    class_url = reverse("profiles:class_profile", args=["773001", "1B"])
    assert client.get(class_url).status_code == 403


def test_profile_pages_need_a_login(client, programme, tiny):
    response = client.get(school_url())
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize(
    ("person", "status"),
    [("municipal_coordinator", 200), ("admin", 200), ("other_coordinator", 403)]
    + [("leader", 403), ("teacher", 403), ("author", 403)],
)
def test_municipality_profile_is_for_its_coordinators_and_admins(
    client_for, programme, tiny, person, status
):
    url = reverse("profiles:municipality_profile", args=["820"])
    assert client_for(programme.people[person]).get(url).status_code == status


@pytest.mark.parametrize(
    ("person", "status"),
    [("admin", 200), ("municipal_coordinator", 403), ("author", 403), ("leader", 403)],
)
def test_programme_overview_is_for_admins(client_for, programme, tiny, person, status):
    url = reverse("profiles:programme_overview")
    assert client_for(programme.people[person]).get(url).status_code == status


def test_unknown_school_class_municipality_and_round_are_not_found(client_for, programme, tiny):
    client = client_for(programme.people["admin"])
    assert client.get(school_url("999999")).status_code == 404
    assert client.get(reverse("profiles:class_profile", args=["773001", "9Z"])).status_code == 404
    assert client.get(reverse("profiles:municipality_profile", args=["999"])).status_code == 404
    assert client.get(school_url(runde="T9")).status_code == 404


# ---------------------------------------------------------------- no data yet


def test_pages_without_any_round_say_so(client_for, programme):
    client = client_for(programme.people["admin"])
    urls = [
        school_url(),
        reverse("profiles:municipality_profile", args=["820"]),
        reverse("profiles:programme_overview"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert da("No mapping has been imported yet.") in response.content.decode(), url


# ---------------------------------------------------------------- suppressed cells


def test_class_with_four_respondents_shows_no_number_anywhere(client_for, programme, tiny):
    hidden = hidden_scores(tiny)
    assert len(hidden) >= 3  # the class, its girls and its boys
    client = client_for(programme.people["leader"])
    class_page = client.get(reverse("profiles:class_profile", args=["773001", "1A"]))
    school_page = client.get(school_url())
    html = class_page.content.decode()
    assert class_page.status_code == 200
    cell = class_page.context["profile"].rows[0].cell
    assert cell.suppressed and cell.n == 4 and cell.score is None
    suppressed = da("Too few responses (n < %(min)s)", min=5)
    assert html.count(suppressed) >= 2  # the table and the chart
    for score in hidden:
        assert_no_number(html, score)
        assert_no_number(school_page.content.decode(), score)


def test_the_same_page_shows_a_class_with_enough_respondents(client_for, programme, tiny):
    # 1B (n = 6) is hidden beside 1A: the school minus 1B would give 1A's four pupils. Løgstør's
    # 2A (n = 6) is its school's only class, so nothing is hidden beside it.
    client = client_for(programme.people["municipal_coordinator"])
    beside = client.get(reverse("profiles:class_profile", args=["773001", "1B"]))
    assert beside.context["profile"].rows[0].cell == selectors.Cell(n=6, suppressed=True)
    response = client.get(reverse("profiles:class_profile", args=["773002", "2A"]))
    cell = response.context["profile"].rows[0].cell
    assert cell.n == 6 and not cell.suppressed
    assert f'<span class="score">{cell.shown}</span>' in response.content.decode()


# ---------------------------------------------------------------- what the page shows


def test_school_page_has_labelled_charts_with_data_tables(client_for, programme, tiny):
    html = client_for(programme.people["teacher"]).get(school_url()).content.decode()
    charts = re.findall(r'<svg class="chart"[^>]*role="img" aria-labelledby="([^"]+)"', html)
    assert charts, "no chart"
    for ids in charts:
        for part in ids.split():
            assert f'id="{part}"' in html
    assert '<caption id="scores-caption">' in html
    assert '<th scope="col">' in html and '<th scope="row">' in html
    assert 'aria-current="page"' in html  # the chosen respondent group's tab


def test_school_page_lists_its_classes_with_links(client_for, programme, tiny):
    # The leader sees every class (a teacher only the own teams': test_class_visibility).
    html = client_for(programme.people["leader"]).get(school_url()).content.decode()
    for code in ("1A", "1B"):
        assert reverse("profiles:class_profile", args=["773001", code]) in html
    assert reverse("profiles:class_profile", args=["773002", "2A"]) not in html


def test_score_bands_are_named_in_words_not_only_colour(client_for, programme, tiny):
    response = client_for(programme.people["teacher"]).get(school_url())
    cell = response.context["profile"].rows[0].cell
    label = escape(cell.band_label)
    assert label and f'class="band band-{cell.band}">{label}</span>' in response.content.decode()


@pytest.mark.parametrize(
    ("score", "band"),
    [(525.0, "good"), (524.6, "good"), (524.4, "middle"), (475.0, "middle"), (474.4, "weak")]
    + [(None, None)],
)
def test_score_band_follows_the_shown_number(score, band):
    assert selectors.score_band(score) == band


def test_round_chooser_defaults_to_the_latest_round(client_for, programme, tiny):
    better = [(*p[:4], min(p[4] + 1, 5), min(p[5] + 1, 5)) for p in PUPILS]
    mapping_round_import(source=tiny_round(better), round_label="T2", held_on=date(2025, 9, 15))
    client = client_for(programme.people["leader"])
    latest = client.get(school_url()).context["profile"]
    first = client.get(school_url(runde="T1")).context["profile"]
    assert latest.mapping_round.label == "T2" and first.mapping_round.label == "T1"
    assert latest.rows[0].cell.score > first.rows[0].cell.score
    assert [r.label for r in latest.trend_rounds] == ["T1", "T2"]
    assert latest.rows[0].change == round(latest.rows[0].cell.score - first.rows[0].cell.score)


# ---------------------------------------------------------------- generated rounds

SCHOOLS = [("773001", "Aars Skole"), ("773002", "Løgstør")]


def generated(tmp_path: Path, label: str, *, classes=2, schools=SCHOOLS, effects=(), day=1):
    folder = generate_round(
        tmp_path / label,
        seed=11,
        municipalities=[("820", "Vesthimmerland", schools)],
        classes_per_school=classes,
        pupils_per_class=10,
        staff_per_school=8,
        leaders_per_school=2,
        round_label=label,
        effects=effects,
    )
    return mapping_round_import(source=folder.path, round_label=label, held_on=date(2024, 1, day))


def test_respondent_group_tabs_choose_the_group(client_for, programme, tmp_path):
    generated(tmp_path, "T1")
    client = client_for(programme.people["teacher"])
    staff = client.get(school_url(gruppe="staff")).context["profile"]
    pupils = client.get(school_url()).context["profile"]
    assert staff.group == "staff" and pupils.group == "pupil"
    assert staff.groups == ("pupil", "parent", "staff", "leader")
    assert {row.indicator.code for row in staff.rows} == {"KLA", "FEE", "PLF", "LED"}
    assert "PLF" not in {row.indicator.code for row in pupils.rows}
    assert not staff.has_subgroups and pupils.has_subgroups


def test_weak_areas_are_listed_by_gap_with_their_explanation(client_for, programme, tmp_path):
    generated(tmp_path, "T1", effects=[Effect("FAG", -0.9, school_code="773001", gender="boy")])
    client = client_for(programme.people["teacher"])
    for benchmark in ("programme", "municipality"):
        response = client.get(school_url(benchmark=benchmark))
        expected = selectors.weak_areas_for_school(
            institution=programme.school, benchmark=benchmark
        )
        shown = response.context["profile"].weak_areas
        assert [(a.indicator.code, a.kind, a.subgroup) for a in shown] == [
            (a.indicator.code, a.kind, a.subgroup) for a in expected
        ]
        html = response.content.decode()
        with translation.override("da"):
            explanations = [escape(area.explanation) for area in shown]
        positions = [html.index(text) for text in explanations]
        assert positions == sorted(positions)
    boys = [a for a in shown if a.kind == "subgroup_gap" and a.indicator.code == "FAG"]
    assert boys and boys[0].subgroup == "boy"


def test_school_page_queries_do_not_grow_with_the_data(
    client_for, programme, tmp_path, django_assert_max_num_queries
):
    client = client_for(programme.people["municipal_coordinator"])
    generated(tmp_path, "T1", classes=2)
    class_url = reverse("profiles:class_profile", args=["773001", "0A"])
    with CaptureQueriesContext(connection) as small:
        assert client.get(school_url()).status_code == 200
    with CaptureQueriesContext(connection) as small_class:
        assert client.get(class_url).status_code == 200
    many = [*SCHOOLS, ("773003", "Farsø"), ("773004", "Gedsted")]
    generated(tmp_path, "T2", classes=6, schools=many, day=2)
    with django_assert_max_num_queries(SCHOOL_PAGE_QUERIES):
        response = client.get(school_url(gruppe="pupil"))
    assert len(response.context["profile"].classes) == 6
    assert len(response.context["profile"].trend_rounds) == 2
    with CaptureQueriesContext(connection) as large:
        client.get(school_url())
    with CaptureQueriesContext(connection) as large_class:
        client.get(class_url)
    assert len(small) == len(large) <= SCHOOL_PAGE_QUERIES
    assert len(small_class) == len(large_class) <= SCHOOL_PAGE_QUERIES


def test_municipality_page_queries_do_not_grow_with_the_data(
    client_for, programme, tmp_path, django_assert_max_num_queries
):
    client = client_for(programme.people["municipal_coordinator"])
    url = reverse("profiles:municipality_profile", args=["820"])
    generated(tmp_path, "T1")
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    many = [*SCHOOLS, ("773003", "Farsø"), ("773004", "Gedsted"), ("773005", "Aalestrup")]
    generated(tmp_path, "T2", classes=4, schools=many, day=2)
    with django_assert_max_num_queries(MUNICIPALITY_PAGE_QUERIES):
        response = client.get(url)
    assert len(response.context["profile"].schools) == 5
    html = response.content.decode()
    for number, _name in many:
        assert reverse("profiles:school_profile", args=[number]) in html
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(small) == len(large) <= MUNICIPALITY_PAGE_QUERIES


SCHOOL_PAGE_QUERIES = 9
MUNICIPALITY_PAGE_QUERIES = 9


# ---------------------------------------------------------------- "Mit overblik"


@pytest.mark.parametrize(
    ("person", "url_name", "args"),
    [
        ("teacher", "profiles:school_profile", ["773001"]),
        ("leader", "profiles:school_profile", ["773001"]),
        ("municipal_rp", "profiles:school_profile", ["773001"]),
        ("municipal_coordinator", "profiles:municipality_profile", ["820"]),
        ("admin", "profiles:programme_overview", []),
    ],
)
def test_my_overview_links_to_the_profiles(client_for, programme, person, url_name, args):
    html = client_for(programme.people[person]).get(reverse("home")).content.decode()
    assert f'href="{reverse(url_name, args=args)}"' in html


def test_my_overview_offers_no_profile_to_those_who_may_not_see_it(client_for, programme):
    author = client_for(programme.people["author"]).get(reverse("home")).content.decode()
    assert reverse("profiles:programme_overview") + '"' not in author
    far = client_for(programme.people["far_teacher"]).get(reverse("home")).content.decode()
    assert reverse("profiles:school_profile", args=["773001"]) not in far
    assert reverse("profiles:school_profile", args=["615001"]) in far
