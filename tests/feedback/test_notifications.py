"""E-mails are sent once, in Danish; reminders once per kind, object and day."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from assignments.services import submission_extend
from feedback import tasks
from feedback.models import ReviewTask
from lms import notifications
from lms.models import NotificationLog
from lms.tasks import send_notification


def test_a_retried_notification_task_sends_nothing_twice(programme, handed_in):
    task = ReviewTask.objects.get()
    args = ["task_assigned", task.pk, str(task.assignee_id)]
    mail.outbox.clear()
    assert send_notification.apply(args=args).get() == 0
    assert mail.outbox == []  # already sent when the hand-in committed
    NotificationLog.objects.filter(key__startswith="task_assigned").delete()
    assert send_notification.apply(args=args).get() == 1
    assert send_notification.apply(args=args).get() == 0
    assert len(mail.outbox) == 1


def test_a_failed_send_leaves_no_log_so_a_retry_sends(programme, handed_in, settings):
    task = ReviewTask.objects.get()
    variant = str(task.assignee_id)
    NotificationLog.objects.all().delete()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2
    with pytest.raises(OSError):  # nothing listens there: Celery would retry
        notifications.send("task_assigned", task.pk, variant)
    assert not NotificationLog.objects.exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox.clear()
    assert notifications.send("task_assigned", task.pk, variant) == 1
    assert mail.outbox[0].to == ["municipal_rp@test.dk"]


def test_a_mail_about_a_task_handed_on_before_it_went_out_is_not_sent(programme, handed_in):
    task = ReviewTask.objects.get()
    NotificationLog.objects.all().delete()
    mail.outbox.clear()
    stale = str(programme.people["leader"].pk)
    assert notifications.send("task_assigned", task.pk, stale) == 0
    assert mail.outbox == []


def test_mails_are_rendered_in_danish(programme, handed_in):
    reviewer_mail = next(m for m in mail.outbox if m.to == ["municipal_rp@test.dk"])
    assert "Mellemtrinnet" in reviewer_mail.subject
    due = ReviewTask.objects.get().due_at
    danish_months = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august",
                     "september", "oktober", "november", "december"]  # fmt: skip
    month = danish_months[timezone.localtime(due).month - 1]
    assert f"{timezone.localtime(due).day}. {month}" in reviewer_mail.body


def test_assignment_due_in_three_days_reminds_teams_without_a_hand_in(
    programme, tree, enrol_teams, hand_in
):
    today = timezone.localdate()
    enrol_teams(institution=programme.school, tree=tree, teams=[programme.team, programme.other_team],
                due_on=today + timedelta(days=3))  # fmt: skip
    hand_in(team=programme.other_team, assignment=tree.assignment,
            by=programme.people["other_teacher"])  # fmt: skip
    mail.outbox.clear()
    # The team's reminders go to its coordinator, who leads the hand-in.
    assert tasks.remind_assignments_due() == 1
    assert [m.to[0] for m in mail.outbox] == ["coordinator@test.dk"]
    assert "Modulopgave 1" in mail.outbox[0].subject
    assert tasks.remind_assignments_due() == 0  # once a day


def test_an_extension_moves_the_reminder(programme, tree, enrol_teams):
    today = timezone.localdate()
    enrol_teams(institution=programme.school, tree=tree, teams=[programme.team],
                due_on=today + timedelta(days=3))  # fmt: skip
    submission_extend(team=programme.team, assignment=tree.assignment,
                      until=today + timedelta(days=10), by=programme.people["leader"])  # fmt: skip
    mail.outbox.clear()
    assert tasks.remind_assignments_due() == 0
    assert tasks.remind_overdue_submissions() == 0


def test_overdue_hand_ins_are_reminded_on_the_first_late_day(programme, tree, enrol_teams):
    today = timezone.localdate()
    enrol_teams(institution=programme.school, tree=tree, teams=[programme.team],
                due_on=today - timedelta(days=1))  # fmt: skip
    mail.outbox.clear()
    assert tasks.remind_overdue_submissions() == 1
    assert tasks.remind_overdue_submissions() == 0


def test_feedback_overdue_reminds_the_reviewer_once_a_day(programme, handed_in, settings):
    task = ReviewTask.objects.get()
    mail.outbox.clear()
    assert tasks.remind_feedback_overdue() == 0
    ReviewTask.objects.filter(pk=task.pk).update(due_at=timezone.now() - timedelta(hours=1))
    assert tasks.remind_feedback_overdue() == 1
    assert tasks.remind_feedback_overdue() == 0
    assert mail.outbox[0].to == ["municipal_rp@test.dk"]


def test_feedback_is_due_after_the_configured_days(programme, tree, enrolled, routes, hand_in,
                                                  settings):  # fmt: skip
    settings.FEEDBACK_OVERDUE_DAYS = 3
    hand_in(team=programme.team, assignment=tree.assignment, by=programme.people["teacher"])
    task = ReviewTask.objects.get()
    assert timedelta(days=2, hours=23) < task.due_at - task.created_at < timedelta(days=3, hours=1)


def test_messages_queued_under_the_old_task_name_are_still_sent(programme, handed_in):
    """Messages in the broker at the deploy that moved the task to lms name the old task."""
    task = ReviewTask.objects.get()
    NotificationLog.objects.all().delete()
    mail.outbox.clear()
    assert tasks.send_notification.name == "feedback.tasks.send_notification"
    args = ["task_assigned", task.pk, str(task.assignee_id)]
    assert tasks.send_notification.apply(args=args).get() == 1
    assert send_notification.apply(args=args).get() == 0  # the same log: sent once
    assert [m.to for m in mail.outbox] == [["municipal_rp@test.dk"]]
