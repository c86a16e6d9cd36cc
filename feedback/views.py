"""Reviewer and team pages for feedback. Thin: parse, check permission, call a service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from assignments.api import Submission
from assignments.permissions import can_view_submission
from assignments.services import hand_in_reading_record
from competence_packages import selectors as packages
from lms.errors import ServiceError
from lms.shortcuts import id_or_none, permitted_or_404

from . import permissions, selectors, services
from .forms import (
    CommentBankEntryForm,
    MeetingProposalForm,
    MeetingRecordForm,
    MessageForm,
    ReassignForm,
    ResubmissionForm,
    SlotPickForm,
    WrittenFeedbackForm,
)
from .ics import meeting_invitation
from .models import CommentBankEntry, Meeting, ReviewTask, WrittenFeedback
from .notifications import submission_path


def _task_or_404(request, pk: int) -> ReviewTask:
    return permitted_or_404(
        request.user, lambda: selectors.task_detail(pk=pk), permissions.can_view_task, hide=True
    )


def _acting_task(request, pk: int) -> ReviewTask:
    task = _task_or_404(request, pk)
    if not permissions.can_act_on_task(request.user, task):
        raise PermissionDenied
    return task


def _back(request, submission) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return submission_path(submission)


@login_required
@require_GET
def queue(request):
    """The feedback queue lives with the other overviews; old links and e-mails land there."""
    return redirect("overviews:queue")


def _meeting_waits(meeting) -> str:
    """Why the notes cannot be recorded yet (the meeting has not started), or ""."""
    if meeting is None or meeting.chosen_slot is None or meeting.recorded_at:
        return ""
    if meeting.chosen_slot.starts_at <= timezone.now():
        return ""
    return services.meeting_not_started_text(meeting)


def _render_task(request, task: ReviewTask, status: int = 200, **forms):
    can_act = permissions.can_act_on_task(request.user, task)
    show_hand_in = can_view_submission(request.user, task.submission)
    if show_hand_in and task.assignee_id != request.user.pk:
        hand_in_reading_record(
            submission=task.submission,
            by=request.user,
            what=_("%(title)s, version %(number)s")
            % {"title": task.submission.assignment.title, "number": task.version.number},
        )
    feedback = getattr(task, "written_feedback", None)
    meeting = Meeting.objects.filter(task=task).select_related("chosen_slot").first()
    package = selectors.package_of(task.submission)
    comments = selectors.comment_bank_for(package=package, user=request.user)
    if "written_form" not in forms:
        initial = feedback.text if feedback else ""
        comment_id = id_or_none(request.GET.get("comment"))
        if comment_id is not None:
            entry = comments.filter(pk=comment_id).first()
            if entry:
                initial = f"{initial}\n\n{entry.text}".strip()
        forms["written_form"] = WrittenFeedbackForm(initial={"text": initial}, comments=comments)
    forms.setdefault("resubmission_form", ResubmissionForm())
    forms.setdefault("propose_form", MeetingProposalForm())
    forms.setdefault("record_form", MeetingRecordForm())
    candidates = []
    if permissions.can_reassign_task(request.user, task):
        candidates = selectors.reassign_candidates(task=task)
        forms.setdefault(
            "reassign_form",
            ReassignForm(candidates=candidates, initial={"to_user": task.assignee_id}),
        )
    context = {
        "task": task,
        "submission": task.submission,
        # A coordinator overseeing the task sees its state, not the hand-in, unless the
        # municipality has chosen so.
        "show_hand_in": show_hand_in,
        "submission_url": submission_path(task.submission),
        "version": task.version,
        "can_act": can_act,
        "feedback": feedback,
        "can_approve": feedback is not None
        and permissions.can_approve_feedback(request.user, feedback),
        "meeting": meeting,
        "meeting_waits": _meeting_waits(meeting),
        "slots": list(meeting.slots.all()) if meeting else [],
        "package": package,
        "comments": comments,
        "events": selectors.task_events(task=task),
        "can_manage_comments": package is not None
        and permissions.can_manage_comment_bank(request.user),
        **forms,
    }
    return render(request, "feedback/task_detail.html", context, status=status)


@login_required
@require_GET
def task_detail(request, pk: int):
    return _render_task(request, _task_or_404(request, pk))


@login_required
@require_POST
def task_written(request, pk: int):
    task = _acting_task(request, pk)
    comments = selectors.comment_bank_for(
        package=selectors.package_of(task.submission), user=request.user
    )
    form = WrittenFeedbackForm(request.POST, comments=comments)
    action = request.POST.get("action", "save")
    if action == "insert":
        # Insert the chosen phrase into what was typed, without saving: works without JS.
        form.is_valid()
        entry = form.cleaned_data.get("comment")
        if entry is None:
            # Only the phrase is wrong; the text stays as typed. The error goes beside the list
            # of phrases, or above the form when there is no list.
            form.errors.pop("text", None)
            form.errors.pop("comment", None)
            form.add_error(
                "comment" if comments.exists() else None, _("Choose a phrase from the list.")
            )
            return _render_task(request, task, status=400, written_form=form)
        text = f"{request.POST.get('text', '')}\n\n{entry.text}".strip()
        form = WrittenFeedbackForm(initial={"text": text}, comments=comments)
        return _render_task(request, task, written_form=form)
    if not form.is_valid():
        return _render_task(request, task, status=400, written_form=form)
    try:
        feedback = services.written_feedback_save(
            task=task, text=form.cleaned_data["text"], by=request.user
        )
        if action == "release":
            feedback = services.written_feedback_release(feedback=feedback, by=request.user)
    except ServiceError as error:
        error.add_to_form(form)
        return _render_task(request, task, status=400, written_form=form)
    if action != "release":
        messages.success(request, _("The draft is saved. The team cannot see it."))
    elif feedback.is_released:
        messages.success(request, _("The feedback is released to the team."))
    else:
        messages.success(request, _("The feedback is sent to the school leadership to approve."))
    return redirect("feedback:task", pk=task.pk)


def _task_form_post(request, task, *, form, form_name: str, act, done: str):
    """Validate the task's form and act on it (one service call), then say `done`; or show the
    task again with the form and every problem beside its field."""
    if form.is_valid():
        try:
            act(form.cleaned_data)
        except ServiceError as error:
            error.add_to_form(form)
        else:
            messages.success(request, done)
            return redirect("feedback:task", pk=task.pk)
    return _render_task(request, task, status=400, **{form_name: form})


@login_required
@require_POST
def task_resubmission(request, pk: int):
    task = _acting_task(request, pk)
    return _task_form_post(
        request,
        task,
        form=ResubmissionForm(request.POST),
        form_name="resubmission_form",
        act=lambda data: services.resubmission_request(
            task=task, note=data["note"], by=request.user
        ),
        done=_("The team is asked to hand in a new version."),
    )


@login_required
@require_POST
def task_meeting_propose(request, pk: int):
    task = _acting_task(request, pk)
    return _task_form_post(
        request,
        task,
        form=MeetingProposalForm(request.POST),
        form_name="propose_form",
        act=lambda data: services.meeting_propose(
            task=task,
            slots=data["slots"],
            place=data["place"],
            video_url=data["video_url"],
            by=request.user,
        ),
        done=_("The times are sent to the team."),
    )


@login_required
@require_POST
def task_meeting_record(request, pk: int):
    task = _acting_task(request, pk)
    meeting = get_object_or_404(Meeting, task=task)
    return _task_form_post(
        request,
        task,
        form=MeetingRecordForm(request.POST),
        form_name="record_form",
        act=lambda data: services.meeting_record(
            meeting=meeting, notes=data["notes"], next_steps=data["next_steps"], by=request.user
        ),
        done=_("The meeting is recorded. The team can read the notes."),
    )


@login_required
@require_POST
def task_reassign(request, pk: int):
    task = _task_or_404(request, pk)
    if not permissions.can_reassign_task(request.user, task):
        raise PermissionDenied
    return _task_form_post(
        request,
        task,
        form=ReassignForm(request.POST, candidates=selectors.reassign_candidates(task=task)),
        form_name="reassign_form",
        act=lambda data: services.review_task_reassign(
            task=task, to_user=data["to_user"], by=request.user
        ),
        done=_("The task has been handed over."),
    )


@login_required
@require_POST
def feedback_approve(request, pk: int):
    feedback = get_object_or_404(
        WrittenFeedback.objects.select_related("task__submission__team"), pk=pk
    )
    if not permissions.can_approve_feedback(request.user, feedback):
        raise PermissionDenied
    services.written_feedback_approve(feedback=feedback, by=request.user)
    messages.success(request, _("The feedback is approved and released to the team."))
    return redirect("feedback:queue")


def _submission_or_404(request, pk: int) -> Submission:
    submission = get_object_or_404(
        Submission.objects.select_related("team__institution", "assignment"), pk=pk
    )
    if not permissions.can_view_submission_feedback(request.user, submission):
        raise Http404
    return submission


def _render_submission(request, submission, status=200, **forms):
    panel = selectors.submission_feedback_panel(submission=submission, user=request.user)
    panel.update(forms)
    return render(
        request,
        "feedback/submission.html",
        {"submission": submission, "feedback_panel": panel},
        status=status,
    )


@login_required
@require_GET
def submission_feedback(request, pk: int):
    """The feedback is shown on the team's submission page; forms that fail re-render here."""
    return redirect("assignments:submission", pk=_submission_or_404(request, pk).pk)


@login_required
@require_POST
def message_post(request, pk: int):
    submission = _submission_or_404(request, pk)
    if not permissions.can_post_message(request.user, submission):
        raise PermissionDenied
    form = MessageForm(request.POST)
    if not form.is_valid():
        return _render_submission(request, submission, status=400, message_form=form)
    services.feedback_message_post(
        submission=submission, author=request.user, text=form.cleaned_data["text"]
    )
    messages.success(request, _("Your reply is posted."))
    return redirect(_back(request, submission))


@login_required
@require_POST
def meeting_pick(request, pk: int):
    meeting = get_object_or_404(
        Meeting.objects.filter(task__isnull=False).select_related(
            "task__submission__team__institution"
        ),
        pk=pk,
    )
    submission = meeting.task.submission
    if not permissions.can_view_submission_feedback(request.user, submission):
        raise Http404
    if not permissions.can_pick_slot(request.user, meeting):
        raise PermissionDenied
    form = SlotPickForm(request.POST, meeting=meeting)
    if form.is_valid():
        try:
            services.meeting_confirm(
                meeting=meeting, slot=form.cleaned_data["slot"], by=request.user
            )
        except ServiceError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("The meeting time is confirmed. Invitations are sent."))
            return redirect(_back(request, submission))
    return _render_submission(request, submission, status=400, pick_form=form)


@login_required
@require_GET
def meeting_ics(request, pk: int):
    meeting = get_object_or_404(
        Meeting.objects.filter(task__isnull=False).select_related(
            "chosen_slot", "task__assignee", "task__submission__team__institution",
            "task__submission__assignment",
        ),
        pk=pk,
    )  # fmt: skip
    participants = selectors.meeting_participants(meeting)
    if not permissions.can_download_invitation(request.user, meeting, participants):
        raise Http404
    response = HttpResponse(
        meeting_invitation(meeting=meeting, attendees=participants),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="feedback-meeting.ics"'
    return response


def _comment_page(request, package, *, form=None, status=200, problem=""):
    entries = [
        (entry, permissions.can_change_comment(request.user, entry))
        for entry in selectors.comment_bank_for(package=package, user=request.user).select_related(
            "created_by"
        )
    ]
    return render(
        request,
        "feedback/comment_bank.html",
        {
            "package": package,
            "entries": entries,
            "form": form or CommentBankEntryForm(),
            "problem": problem,
        },
        status=status,
    )


def _comment_entry(request, package, raw_id):
    """The package's phrase named by a button, or a page saying why it cannot be."""
    entry_id = id_or_none(raw_id)
    if entry_id is None:
        return None, _comment_page(
            request, package, status=400, problem=_("That phrase does not exist.")
        )
    entry = get_object_or_404(CommentBankEntry, pk=entry_id, package=package)
    if not permissions.can_change_comment(request.user, entry):
        raise PermissionDenied
    return entry, None


def _comment_delete(request, package, raw_id):
    entry, refusal = _comment_entry(request, package, raw_id)
    if refusal is not None:
        return refusal
    services.comment_bank_entry_delete(entry=entry, by=request.user)
    messages.success(request, _("The phrase is deleted."))
    return redirect("feedback:comment_bank", package_pk=package.pk)


def _comment_edit(request, package, raw_id):
    entry, refusal = _comment_entry(request, package, raw_id)
    if refusal is not None:
        return refusal
    form = CommentBankEntryForm(request.POST)
    if not form.is_valid():
        return _comment_page(request, package, status=400, problem=_("Write the phrase."))
    services.comment_bank_entry_update(entry=entry, text=form.cleaned_data["text"], by=request.user)
    messages.success(request, _("The phrase is changed."))
    return redirect("feedback:comment_bank", package_pk=package.pk)


@login_required
def comment_bank(request, package_pk: int):
    """A package's phrases: COK's shared ones and the person's own, which only they change."""
    if not permissions.can_manage_comment_bank(request.user):
        raise PermissionDenied
    package = packages.package_by_pk(package_pk)
    if package is None:
        raise Http404
    if request.method != "POST":
        return _comment_page(request, package)
    if "delete" in request.POST:
        return _comment_delete(request, package, request.POST["delete"])
    if "edit" in request.POST:
        return _comment_edit(request, package, request.POST["edit"])
    form = CommentBankEntryForm(request.POST)
    if not form.is_valid():
        return _comment_page(request, package, form=form, status=400)
    services.comment_bank_entry_add(
        package=package, text=form.cleaned_data["text"], by=request.user
    )
    messages.success(request, _("The phrase is added."))
    return redirect("feedback:comment_bank", package_pk=package.pk)
