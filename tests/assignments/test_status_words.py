"""The status words the team, reviewers and leaders all read, in Danish as the programme says them."""

from django.utils import translation

from assignments.models import Status


def test_status_words_are_the_programmes_own():
    with translation.override("da"):
        assert [str(label) for _value, label in Status.choices] == [
            "ikke påbegyndt",
            "i gang",
            "afleveret",
            "genaflevering ønsket",
            "skriftlig feedback givet",
            "mundtligt feedbackmøde aftalt",
            "afsluttet",
        ]
