"""Team submissions. Anyone who may not see an object gets 404; those who may see it but not
act on it get 403."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lms import selectors as lms_selectors
from lms.errors import ServiceError
from lms.models import Team
from lms.page_cache import cached_page
from lms.shortcuts import permitted_or_404
from modules.api import ModuleAssignmentPage

from . import permissions, selectors, services
from .forms import DraftForm, ExtensionForm, ExtensionRequestForm
from .models import Attachment, Submission


def _assignment_or_404(assignment_id: int) -> ModuleAssignmentPage:
    page = selectors.live_assignment(assignment_id)
    if page is None:
        raise Http404
    return page


def _submission_or_404(user, pk: int) -> Submission:
    return permitted_or_404(
        user,
        lambda: selectors.submission_detail(pk=pk),
        permissions.can_view_submission,
        hide=True,
    )


def assignment(request, assignment_id: int):
    """The person's team answer(s) to an assignment: one team goes straight to its answer."""
    page = _assignment_or_404(assignment_id)
    teams = selectors.teams_for_assignment(user=request.user, assignment=page)
    if not teams:
        raise Http404
    submissions = {s.team_id: s for s in Submission.objects.filter(assignment=page, team__in=teams)}
    if len(teams) == 1:
        team = teams[0]
        if team.pk in submissions:
            return redirect("assignments:submission", submissions[team.pk].pk)
        return redirect("assignments:edit", page.pk, team.pk)
    rows = [(team, submissions.get(team.pk)) for team in teams]
    return render(request, "assignments/assignment_teams.html", {"page": page, "rows": rows})


def _reading(request, sub: Submission, what: str) -> None:
    """Readers outside the team and its reviewers are on the school's access record."""
    services.hand_in_reading_record(submission=sub, by=request.user, what=what)


@cached_page
def submission(request, pk: int):
    sub = _submission_or_404(request.user, pk)
    _reading(request, sub, sub.assignment.title)
    versions = selectors.versions_of(submission=sub)
    coordinators = lms_selectors.team_coordinators(team=sub.team)
    context = {
        "submission": sub,
        "assignment": sub.assignment,
        "versions": versions,
        "latest": versions[-1] if versions else None,
        # The draft's files are shown while the draft can change.
        "draft_attachments": selectors.draft_attachments(submission=sub) if sub.is_editable else [],
        "timeline": selectors.timeline_of(submission=sub),
        "can_edit": permissions.can_edit_submission(request.user, sub),
        "can_hand_in": permissions.can_hand_in(request.user, sub.team),
        "can_request_extension": permissions.can_request_extension(request.user, sub.team),
        "open_request": selectors.open_extension_request(submission=sub),
        "coordinators": coordinators,
        "can_extend": permissions.can_extend_deadline(request.user, sub.team),
        "panels": selectors.submission_panels(submission=sub, user=request.user),
        "coordinates": permissions.coordinates_team(request.user, sub.team),
    }
    return render(request, "assignments/submission.html", context)


def version(request, pk: int, number: int):
    sub = _submission_or_404(request.user, pk)
    found = [v for v in selectors.versions_of(submission=sub) if v.number == number]
    if not found:
        raise Http404
    _reading(
        request,
        sub,
        _("%(title)s, version %(number)s") % {"title": sub.assignment.title, "number": number},
    )
    return render(request, "assignments/version.html", {"submission": sub, "version": found[0]})


def _team_for_work(request, assignment_id: int, team_id: int):
    """The assignment and team to write for: 404 unless the person may see the team and the
    team works on the assignment; 403 for those who see the team but are not in it."""
    page = _assignment_or_404(assignment_id)
    team = lms_selectors.team_with_school(pk=team_id)
    if team is None or not permissions.can_view_team_submissions(request.user, team):
        raise Http404
    if not selectors.assignment_is_open_to_team(assignment=page, team=team):
        raise Http404
    return page, team


def edit(request, assignment_id: int, team_id: int):
    page, team = _team_for_work(request, assignment_id, team_id)
    if not permissions.can_work_on(request.user, team):
        raise PermissionDenied
    sub = selectors.team_submission(team=team, assignment=page)
    if sub is not None and not sub.is_editable:
        messages.info(
            request,
            _("The answer has been handed in. It opens again if a new version is asked for."),
        )
        return redirect("assignments:submission", sub.pk)
    conflict = None
    if request.method == "POST":
        form = DraftForm(request.POST, request.FILES)
        if form.is_valid():
            response, conflict = _save_draft(request, form, page, team, sub)
            if response is not None:
                return response
            form = _form_after_conflict(request, conflict)
            sub = selectors.team_submission(team=team, assignment=page)
    else:
        form = DraftForm(
            initial={"text": sub.text if sub else "", "revision": sub.revision if sub else 0}
        )
    context = {
        "page": page,
        "team": team,
        "submission": sub,
        "form": form,
        "conflict": conflict,
        "files_dropped": bool(conflict and request.FILES),
        "coordinators": lms_selectors.team_coordinators(team=team),
        "can_hand_in": permissions.can_hand_in(request.user, team),
        "draft_attachments": selectors.draft_attachments(submission=sub) if sub else [],
        "max_upload_mb": services.max_upload_bytes() // (1024 * 1024),
        "allowed_types": ", ".join(sorted(set(services.CONTENT_TYPES) - {"jpeg"})),
    }
    status = 409 if conflict else (400 if request.method == "POST" and form.errors else 200)
    return render(request, "assignments/submission_edit.html", context, status=status)


def _save_draft(request, form, page, team, sub: Submission | None):
    """Save (and maybe hand in); return (redirect, None) or (None, conflict). `sub` is the
    team's submission as just read, if there is one yet."""
    sub = sub or services.submission_get_or_create(team=team, assignment=page)
    try:
        result = services.draft_save(
            submission=sub,
            text=form.cleaned_data["text"],
            base_revision=form.cleaned_data["revision"],
            by=request.user,
        )
    except ServiceError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("assignments:submission", sub.pk), None
    if not result.saved:
        return None, result.conflict
    for upload in form.cleaned_data["files"]:
        services.attachment_add(submission=result.submission, upload=upload, by=request.user)
    action = form.cleaned_data["action"]
    if action.startswith("remove:"):
        _remove_from_draft(request, result.submission, form.cleaned_data["remove_id"])
    elif action == "submit":
        if not permissions.can_hand_in(request.user, team):
            messages.error(request, _HAND_IN_REFUSED)
            return redirect("assignments:edit", page.pk, team.pk), None
        return _hand_in(request, result.submission, result.submission.revision), None
    else:
        messages.success(request, _("Draft saved."))
    return redirect("assignments:edit", page.pk, team.pk), None


def _remove_from_draft(request, sub: Submission, pk: int) -> None:
    """The editor's remove buttons save the text too, so nothing typed is lost."""
    att = sub.attachments.filter(in_draft=True, pk=pk).first()
    if att is None:
        messages.error(request, _("The file is no longer in the draft."))
        return
    services.attachment_remove(attachment=att, by=request.user)
    messages.success(
        request,
        _("Draft saved; “%(name)s” was removed from it.") % {"name": att.original_name},
    )


def _form_after_conflict(request, conflict) -> DraftForm:
    """The person's own text stays in the textarea, now based on the colleague's revision."""
    data = request.POST.copy()
    data["revision"] = conflict.revision
    form = DraftForm(data)
    form.is_valid()
    return form


def _hand_in(request, sub: Submission, base_revision: int | None):
    try:
        services.submission_submit(submission=sub, by=request.user, base_revision=base_revision)
    except ServiceError as exc:
        messages.error(request, " ".join(exc.messages))
        if sub.is_editable:
            return redirect("assignments:edit", sub.assignment_id, sub.team_id)
        return redirect("assignments:submission", sub.pk)
    messages.success(request, _("Handed in. The feedback route has been notified."))
    return redirect("assignments:submission", sub.pk)


_HAND_IN_REFUSED = gettext_lazy(
    "The draft is saved. The team coordinator hands in the team's answer."
)


@require_POST
def submit(request, pk: int):
    sub = _submission_or_404(request.user, pk)
    if not permissions.can_hand_in(request.user, sub.team):
        raise PermissionDenied
    try:
        base_revision = int(request.POST.get("revision", ""))
    except ValueError:
        base_revision = None
    return _hand_in(request, sub, base_revision)


def attachment(request, pk: int):
    """Files are never served from /media/: only here, after the check, as a download."""
    att = permitted_or_404(
        request.user,
        lambda: Attachment.objects.select_related(
            "submission__team__institution__municipality", "submission__assignment"
        ).get(pk=pk),
        lambda user, att: permissions.can_view_submission(user, att.submission),
        hide=True,
    )
    try:
        handle = att.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    _reading(
        request,
        att.submission,
        _("%(title)s, file “%(name)s”")
        % {"title": att.submission.assignment.title, "name": att.original_name},
    )
    response = FileResponse(
        handle, as_attachment=True, filename=att.original_name, content_type=att.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def attachment_remove(request, pk: int):
    att = get_object_or_404(
        Attachment.objects.select_related("submission__team__institution"), pk=pk
    )
    sub = att.submission
    if not att.in_draft or not permissions.can_view_submission(request.user, sub):
        raise Http404
    if not permissions.can_edit_submission(request.user, sub):
        raise PermissionDenied
    try:
        services.attachment_remove(attachment=att, by=request.user)
    except ServiceError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("“%(name)s” was removed from the draft.") % {"name": att.original_name}
        )
    return redirect("assignments:edit", sub.assignment_id, sub.team_id)


def team_submissions(request, team_id: int):
    team = get_object_or_404(Team.objects.select_related("institution__municipality"), pk=team_id)
    if not permissions.can_view_team_submissions(request.user, team):
        raise Http404
    context = {
        "team": team,
        "rows": selectors.team_assignment_rows(team=team),
        "is_member": permissions.is_team_member(request.user, team),
        "can_extend": permissions.can_extend_deadline(request.user, team),
        # A coordinator follows the status; the content only where the municipality chose so.
        "can_read": permissions.can_read_team_work(request.user, team),
        "coordinates": permissions.coordinates_team(request.user, team),
    }
    return render(request, "assignments/team_submissions.html", context)


def extend(request, assignment_id: int, team_id: int):
    """The leadership gives more time, or declines a team's request for it."""
    page, team = _team_for_work(request, assignment_id, team_id)
    if not permissions.can_extend_deadline(request.user, team):
        raise PermissionDenied
    sub = selectors.team_submission(team=team, assignment=page)
    due_on = sub.due_on if sub else selectors.due_on_for(team=team, assignment=page)
    open_request = selectors.open_extension_request(submission=sub)
    if request.method == "POST" and request.POST.get("action") == "decline" and open_request:
        services.extension_decline(
            request=open_request, by=request.user, note=request.POST.get("note", "")
        )
        messages.success(request, _("The request for more time was declined."))
        return redirect("assignments:submission", sub.pk)
    initial = {"extended_until": open_request.until} if open_request else None
    form = ExtensionForm(request.POST or None, due_on=due_on, initial=initial)
    if request.method == "POST" and form.is_valid():
        sub = services.submission_extend(
            team=team,
            assignment=page,
            until=form.cleaned_data["extended_until"],
            by=request.user,
            note=form.cleaned_data["note"],
        )
        messages.success(request, _("The deadline was extended."))
        return redirect("assignments:submission", sub.pk)
    context = {
        "page": page,
        "team": team,
        "submission": sub,
        "due_on": due_on,
        "form": form,
        "open_request": open_request,
    }
    return render(request, "assignments/extend.html", context)


def extension_request(request, assignment_id: int, team_id: int):
    """The team coordinator asks the school leadership for more time."""
    page, team = _team_for_work(request, assignment_id, team_id)
    if not permissions.can_request_extension(request.user, team):
        raise PermissionDenied
    sub = selectors.team_submission(team=team, assignment=page)
    form = ExtensionRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            made = services.extension_request(
                team=team,
                assignment=page,
                until=form.cleaned_data["until"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ServiceError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("The request was sent to the school leadership."))
            return redirect("assignments:submission", made.submission_id)
    context = {
        "page": page,
        "team": team,
        "submission": sub,
        "due_on": sub.effective_due_on if sub else selectors.due_on_for(team=team, assignment=page),
        "open_request": selectors.open_extension_request(submission=sub),
        "form": form,
    }
    return render(request, "assignments/extension_request.html", context)
