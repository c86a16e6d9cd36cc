"""E-mail notifications for every app: registered by kind, queued after commit, sent once.

An app registers each kind of e-mail once its models are ready (`AppConfig.ready`):

    register_notification("task_assigned", task_assigned, template_prefix="email/feedback/")

The builder takes the object's id and a variant (a string) and returns a `Mail`: who receives
it, the template context and any attachments. It runs in Danish, like the templates
`<prefix><kind>_subject.txt` and `<prefix><kind>.txt`. A builder that finds the mail no longer
applies (the task was handed on, the meeting proposed again) returns `Mail.nobody()`.

`notify(kind, object_id, variant)` writes a `NotificationOutbox` row in the caller's
transaction and queues the Celery task `lms.tasks.send_notification` once it commits, so a
rolled-back write sends nothing. When the broker is down at that moment the row waits: the
request still succeeds, and Celery beat's `sweep_outbox` sends what has waited longer than
`NOTIFICATION_OUTBOX_GRACE_SECONDS` once it runs again. The task calls `send`,
which builds the mail and calls `deliver` for each active recipient with an e-mail address.
`deliver` writes one `NotificationLog` row per recipient (key = kind:object:variant:person) in
the same transaction as it hands the message to the mail backend: a retried or duplicated task
skips everyone already served, and a failed send leaves no row, so the retry sends it. (Only a
commit failing after the backend accepted the message could send it a second time.)

The task used to be `feedback.tasks.send_notification`; that name is now an alias in
`feedback.tasks` for the messages queued before the deploy that moved it here.
"""

from __future__ import annotations

import contextvars
import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import NotificationLog, NotificationOutbox
from .tasks import send_notification

logger = logging.getLogger(__name__)
_suppressed = contextvars.ContextVar("notifications_suppressed", default=False)
OUTBOX_KEEP_DAYS = 30

# Every e-mail is written in Danish, whatever language the person who caused it reads.
LANGUAGE = "da"


@dataclass
class Mail:
    """What a builder returns: recipients (users), template context, attachments."""

    recipients: Sequence
    context: dict
    # (file name, content, MIME type), as for EmailMessage.attach
    attachments: list[tuple[str, str | bytes, str]] = field(default_factory=list)

    @classmethod
    def nobody(cls) -> Mail:
        return cls([], {})


Builder = Callable[[int | str, str], Mail]


@dataclass(frozen=True)
class Kind:
    name: str
    builder: Builder
    template_prefix: str

    @property
    def template(self) -> str:
        return f"{self.template_prefix}{self.name}"


_kinds: dict[str, Kind] = {}


def register_notification(kind: str, builder: Builder, *, template_prefix: str) -> None:
    """Make `kind` known. Registering the same again is harmless; a different one is a bug."""
    entry = Kind(kind, builder, template_prefix)
    if _kinds.setdefault(kind, entry) != entry:
        raise ImproperlyConfigured(f"The notification kind {kind!r} is registered already.")


def unregister_notification(kind: str) -> None:
    """Forget `kind` (tests that register their own)."""
    _kinds.pop(kind, None)


def registered_kind(kind: str) -> Kind:
    try:
        return _kinds[kind]
    except KeyError:
        raise ImproperlyConfigured(
            f"No notification kind {kind!r}: register it in its app's AppConfig.ready()."
        ) from None


def notify(kind: str, object_id: int | str, variant: int | str = 0) -> None:
    """Send the `kind` e-mail about `object_id` once the current transaction commits."""
    registered_kind(kind)  # an unknown kind fails here, in the caller, not later in a worker
    if _suppressed.get():
        return
    entry = NotificationOutbox.objects.create(
        kind=kind, object_id=str(object_id), variant=str(variant)
    )
    transaction.on_commit(lambda: _publish(entry))


def _publish(entry: NotificationOutbox) -> None:
    """Queue the task; a broker that does not answer leaves the row for the sweep."""
    args = (entry.kind, entry.object_id, entry.variant)
    if send_notification.app.conf.task_always_eager:
        send_notification.apply_async(args, {"outbox_id": entry.pk})
        return
    try:
        # No result is kept (the outbox row says what happened), so nothing subscribes to one.
        send_notification.apply_async(args, {"outbox_id": entry.pk}, ignore_result=True)
    except Exception as exc:  # noqa: BLE001 - whatever failed, the row waits for the sweep
        logger.warning(
            "broker unreachable, notification %s waits in the outbox for the sweep: %r",
            entry,
            exc,
        )


@contextmanager
def suppressed() -> Iterator[None]:
    """No notifications inside: for writing history (the demo's past events), not news."""
    token = _suppressed.set(True)
    try:
        yield
    finally:
        _suppressed.reset(token)


def mark_sent(outbox_id: int | None) -> None:
    if outbox_id is not None:
        NotificationOutbox.objects.filter(pk=outbox_id, sent_at__isnull=True).update(
            sent_at=timezone.now()
        )


def sweep_outbox(*, grace_seconds: int | None = None, limit: int = 500) -> int:
    """Send the notifications that waited longer than the grace period; the number sent.

    Safe beside the normal path and beside another sweep: NotificationLog keeps every e-mail to
    one copy (its key is unique, so a second sender waits and then finds it sent). A row whose
    sending fails (the mail server is down) stays for the next sweep.
    """
    if grace_seconds is None:
        grace_seconds = settings.NOTIFICATION_OUTBOX_GRACE_SECONDS
    cutoff = timezone.now() - timedelta(seconds=grace_seconds)
    waiting = NotificationOutbox.objects.filter(sent_at__isnull=True, created_at__lte=cutoff)
    done = 0
    # Rows sent long ago have done their work (NotificationLog keeps what was sent).
    kept_since = timezone.now() - timedelta(days=OUTBOX_KEEP_DAYS)
    NotificationOutbox.objects.filter(sent_at__lt=kept_since).delete()
    for entry in waiting.order_by("created_at")[:limit]:
        try:
            send(entry.kind, entry.object_id, entry.variant)
        except Exception as exc:  # noqa: BLE001 - counted and kept for the next sweep
            NotificationOutbox.objects.filter(pk=entry.pk).update(attempts=entry.attempts + 1)
            logger.warning("outbox: %s could not be sent yet: %r", entry, exc)
            continue
        mark_sent(entry.pk)
        done += 1
    return done


def absolute_url(path: str) -> str:
    """A link for an e-mail: the site's address in front of a path from `reverse`."""
    return getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/") + path


def send(kind: str, object_id: int | str, variant: str = "0") -> int:
    """Send the `kind` e-mail about `object_id` to everyone not yet served; the number sent."""
    entry = registered_kind(kind)
    with translation.override(LANGUAGE):  # builders write text too (an invitation's summary)
        mail = entry.builder(object_id, str(variant))
    sent = 0
    for person in mail.recipients:
        sent += deliver(
            key=f"{kind}:{object_id}:{variant}:{person.pk}",
            template=entry.template,
            recipient=person,
            context=mail.context,
            attachments=mail.attachments,
        )
    return sent


def deliver(*, key: str, template: str, recipient, context: dict, attachments=()) -> bool:
    """Send one e-mail unless `key` was sent before. True when sent now.

    `template` is the path without its ending: `<template>_subject.txt` and `<template>.txt`.
    A person who is inactive or has no e-mail address is skipped.
    """
    if not recipient.email or not recipient.is_active:
        return False
    with transaction.atomic():
        _log, created = NotificationLog.objects.get_or_create(key=key[:200])
        if not created:
            return False
        with translation.override(LANGUAGE):
            context = context | {"recipient": recipient}
            subject = render_to_string(f"{template}_subject.txt", context)
            body = render_to_string(f"{template}.txt", context)
        message = EmailMessage(" ".join(subject.split()), body, to=[recipient.email])
        for name, content, mimetype in attachments:
            message.attach(name, content, mimetype)
        message.send()
    return True
