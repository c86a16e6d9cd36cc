"""The content blocks a module is written in. Each renders with its own accessible template."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from profiles_link.api import RespondentGroup


class VideoBlock(blocks.StructBlock):
    video = EmbedBlock(label=_("video link"), help_text=_("A YouTube or Vimeo address."))
    title = blocks.CharBlock(label=_("title"))
    transcript = blocks.TextBlock(
        label=_("transcript or summary"),
        required=False,
        help_text=_("For those who cannot play or hear the video."),
    )

    class Meta:
        icon = "media"
        label = _("Video")
        template = "modules/blocks/video.html"
        preview_template = "modules/blocks/preview.html"
        description = _("A video with a title and a transcript for those who cannot play it.")
        preview_value = {
            "video": "https://www.youtube.com/watch?v=example",
            "title": "Feedback der flytter læring",
            "transcript": "Tre lærere fortæller, hvordan de giver eleverne feedback undervejs.",
        }


class ReadingBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"))
    url = blocks.URLBlock(label=_("link"))
    source = blocks.CharBlock(label=_("source"), help_text=_("Author, publisher and year."))
    note = blocks.TextBlock(label=_("why read it"), required=False)

    class Meta:
        icon = "doc-full"
        label = _("Reading")
        template = "modules/blocks/reading.html"
        preview_template = "modules/blocks/preview.html"
        description = _("A text to read, with a link and its source.")
        preview_value = {
            "title": "Synlig læring for lærere",
            "url": "https://example.org/synlig-laering",
            "source": "John Hattie, Dafolo 2013",
            "note": "Kapitel 7 om feedback.",
        }


class ReflectionBlock(blocks.StructBlock):
    """Each team member writes their own answer; it is saved per person (ReflectionAnswer)."""

    question = blocks.TextBlock(label=_("question"))
    guidance = blocks.TextBlock(label=_("guidance"), required=False)

    class Meta:
        icon = "help"
        label = _("Reflection question")
        template = "modules/blocks/reflection.html"
        preview_template = "modules/blocks/preview.html"
        description = _("A question each team member answers for themselves; teammates see it.")
        preview_value = {
            "question": "Hvornår fik en elev sidst feedback, der flyttede noget?",
            "guidance": "Tænk på en konkret time.",
        }


class CheckOptionBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("answer"))
    correct = blocks.BooleanBlock(label=_("correct"), required=False)
    explanation = blocks.TextBlock(label=_("explanation shown after answering"))


class CheckBlock(blocks.StructBlock):
    """A multiple-choice check with an explanation per answer (CheckAnswer saves the choice)."""

    question = blocks.TextBlock(label=_("question"))
    options = blocks.ListBlock(CheckOptionBlock(), label=_("answers"), min_num=2)

    class Meta:
        icon = "tick-inverse"
        label = _("Multiple-choice check")
        template = "modules/blocks/check.html"
        preview_template = "modules/blocks/preview.html"
        description = _("A multiple-choice question with an explanation for each answer.")
        preview_value = {
            "question": "Hvilken feedback virker bedst?",
            "options": [
                {"text": "Feedback på opgaven", "correct": True, "explanation": "Ja."},
                {"text": "Ros af personen", "correct": False, "explanation": "Nej."},
            ],
        }


class DiscussionBlock(blocks.StructBlock):
    prompt = blocks.TextBlock(label=_("what the team discusses"))
    minutes = blocks.IntegerBlock(label=_("suggested minutes"), required=False, min_value=5)

    class Meta:
        icon = "group"
        label = _("Team discussion prompt")
        template = "modules/blocks/discussion.html"
        preview_template = "modules/blocks/preview.html"
        description = _("A prompt the team discusses together, with suggested minutes.")
        preview_value = {
            "prompt": "Hvad gør vi allerede, og hvad vil vi prøve?",
            "minutes": 20,
        }


class YourDataBlock(blocks.StructBlock):
    """The viewer's own school's score on an indicator; nothing for a viewer with no school."""

    indicator = SnippetChooserBlock("profiles_link.Indicator", label=_("indicator"))
    respondent_group = blocks.ChoiceBlock(
        choices=RespondentGroup.choices, default=RespondentGroup.PUPIL, label=_("respondents")
    )
    intro = blocks.TextBlock(label=_("introduction"), required=False)

    class Meta:
        icon = "table"
        label = _("Your data")
        template = "modules/blocks/your_data.html"
        preview_template = "modules/blocks/preview.html"
        description = _(
            "The reader's own school's score on an indicator in the latest round, "
            "with the programme's value."
        )
        preview_value = {
            "respondent_group": RespondentGroup.PUPIL.value,
            "intro": "Sådan svarede jeres elever.",
        }


class YourProfileBlock(blocks.StructBlock):
    """The reader's own school's whole profile in the latest round: every respondent group, the
    municipality and the programme beside it, girls and boys, trends and weak areas."""

    show = blocks.ChoiceBlock(
        choices=[
            ("profile", _("the whole profile")),
            ("weak_areas", _("the weak areas")),
            ("subgroups", _("girls and boys")),
            ("trends", _("changes since the previous round")),
        ],
        default="profile",
        label=_("show"),
    )
    intro = blocks.TextBlock(label=_("introduction"), required=False)

    class Meta:
        icon = "table"
        label = _("Your profile")
        template = "modules/blocks/your_profile.html"
        preview_template = "modules/blocks/preview.html"
        description = _(
            "The reader's own school's quality profile in the latest round, every respondent "
            "group, with the municipality, the programme and the changes since the round before."
        )
        preview_value = {"show": "profile", "intro": "Sådan ser jeres skole ud i kortlægningen."}


class DataCheckBlock(blocks.StructBlock):
    """A check of understanding computed on the reader's own school's numbers: the question,
    its answers and which one is right are worked out when the page is read."""

    kind = blocks.ChoiceBlock(
        choices=[
            ("interval", _("is a score with its interval below 500?")),
            ("subgroup_gap", _("is the difference between girls and boys clear?")),
            ("change", _("is the change since the previous round clear?")),
        ],
        default="interval",
        label=_("question"),
    )
    respondent_group = blocks.ChoiceBlock(
        choices=RespondentGroup.choices, default=RespondentGroup.PUPIL, label=_("respondents")
    )
    intro = blocks.TextBlock(label=_("introduction"), required=False)

    class Meta:
        icon = "tick-inverse"
        label = _("Check on your own numbers")
        template = "modules/blocks/data_check.html"
        preview_template = "modules/blocks/preview.html"
        description = _(
            "A multiple-choice check whose question is built from the reader's own school's "
            "scores, e.g. whether 492 with the interval 478–506 lies below 500."
        )
        preview_value = {"kind": "interval", "respondent_group": RespondentGroup.PUPIL.value}


class ModuleBodyBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(
        label=_("Text"),
        template="modules/blocks/text.html",
        preview_template="modules/blocks/preview.html",
        preview_value="<p>Feedback er en af de stærkeste veje til læring.</p>",
        description=_("Formatted text with headings, lists and links."),
    )
    video = VideoBlock()
    reading = ReadingBlock()
    reflection = ReflectionBlock()
    check = CheckBlock()
    discussion = DiscussionBlock()
    your_data = YourDataBlock()
    your_profile = YourProfileBlock()
    data_check = DataCheckBlock()
