"""Every block type renders its content, in Danish, accessibly; your_data shows own school only."""

import pytest
from django.utils import translation

from modules.blocks import ModuleBodyBlock


@pytest.fixture
def page_html(client_for, programme, content):
    def _get(person="teacher", page=None):
        client = client_for(programme.people[person])
        with translation.override("da"):
            response = client.get((page or content.module).url, HTTP_ACCEPT_LANGUAGE="da")
        assert response.status_code == 200
        return response.content.decode()

    return _get


def test_every_block_renders_its_content_in_danish(page_html, content, scores, block_ids):
    html = page_html()
    assert '<html lang="da">' in html
    # text
    assert "Feedback virker bedst undervejs 1." in html
    # video: title, transcript inside <details>, link to the video (no embed cached: no network)
    assert "Lærere om feedback 1" in html
    assert "<details" in html and "Tre lærere fortæller om feedback 1." in html
    assert 'href="https://www.youtube.com/watch?v=abc1"' in html
    # reading: citation with a safe link and the source
    assert '<a href="https://example.org/laesning-1" rel="noopener">Synlig læring 1</a>' in html
    assert "Hattie, Dafolo 2013 1" in html
    # reflection: a textarea tied to its label
    reflection_id = block_ids(content.module, "reflection")[0]
    assert f'<label for="answer-{reflection_id}">' in html
    assert f'<textarea id="answer-{reflection_id}" name="text"' in html
    assert "Hvornår gav du sidst feedback 1?" in html
    # check: radios in a fieldset with the question as legend
    assert "<fieldset" in html and "<legend>Hvilken feedback virker 1?</legend>" in html
    assert 'type="radio"' in html and "Om opgaven 1" in html and "Ros af personen 1" in html
    # discussion: prompt and minutes
    assert "Hvad prøver vi i næste uge 1?" in html and "20" in html
    # your data: the school's score and interval, rounded, with the programme value
    assert "Jeres tal 1" in html
    assert "Aars Skole" in html
    assert ">488<" in html  # 487.6 rounded
    assert "472–503" in html  # 487.6 ± 1.96·8 rounded
    assert ">503<" in html  # programme 503.2
    assert "Faglig trivsel" in html  # the Danish indicator name


def test_your_data_says_so_when_the_school_has_no_data(page_html, programme, content, scores):
    from profiles_link.models import UnitScore

    UnitScore.objects.filter(level="school").update(suppressed=True, score=None)
    html = page_html()
    assert ">488<" not in html
    assert "Aars Skole" in html  # the row stays, with the suppression sentence instead
    assert 'class="suppressed"' in html
    UnitScore.objects.filter(level="school").delete()
    html = page_html()
    assert 'class="no-data"' in html and "T1" in html


def test_your_data_shows_nothing_to_a_viewer_without_a_school(page_html, scores):
    html = page_html("author")
    assert "Jeres tal 1" not in html
    assert ">488<" not in html
    assert "Feedback virker bedst undervejs 1." in html  # the rest of the module is there


def test_your_data_shows_only_the_viewers_own_school(page_html, programme, content, scores):
    from profiles_link.factories import UnitScoreFactory

    UnitScoreFactory(
        round=scores, institution=programme.other_school, indicator=content.indicator, score=420
    )
    assert ">420<" not in page_html("teacher")


def test_blocks_have_previews_for_the_block_picker():
    for name, block in ModuleBodyBlock().child_blocks.items():
        assert block.is_previewable, name
        assert str(block.get_description()), name
        value = block.get_preview_value()
        html = block.render(value, context={"block_def": block})
        assert html.strip(), name


def test_the_block_picker_previews_render_in_the_cms(client_for, programme):
    from django.urls import reverse

    from modules.models import ModulePage

    admin = programme.people["admin"]
    admin.is_superuser = True
    admin.save()
    client = client_for(admin)
    stream_block = ModulePage._meta.get_field("body").stream_block
    for name, block in stream_block.child_blocks.items():
        response = client.get(
            reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix}
        )
        assert response.status_code == 200, name
        html = response.content.decode()
        assert "css/modules.css" in html, name
        assert f"block-{name}" in html, name


def test_your_data_shows_the_classes_the_readers_team_teaches(
    page_html, programme, content, scores
):
    from lms.factories import SchoolClassFactory
    from profiles_link.factories import UnitScoreFactory

    taught = SchoolClassFactory(institution=programme.school, code="5A", grade=5)
    other = SchoolClassFactory(institution=programme.school, code="9B", grade=9)
    for school_class, score in ((taught, 461.4), (other, 530.0)):
        UnitScoreFactory(
            round=scores, level="class", unit_code=f"773001/{school_class.code}",
            institution=programme.school, school_class=school_class,
            indicator=content.indicator, score=score, se=10.0,
        )  # fmt: skip
    assert "5A (Aars Skole)" not in page_html("teacher")  # no classes linked yet
    programme.team.classes.set([taught])
    html = page_html("teacher")
    assert "5A (Aars Skole)" in html and ">461<" in html
    assert "9B" not in html and ">530<" not in html  # another team's class
