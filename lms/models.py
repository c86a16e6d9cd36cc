"""Organisations, people and the roles people hold in them."""

import secrets
from datetime import timedelta

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .jobs import Job

municipality_code_validator = RegexValidator(
    r"^\d{3}$", _("A municipality code is exactly three digits, e.g. 766.")
)
institution_number_validator = RegexValidator(
    r"^\d{6}$", _("An institution number is exactly six digits.")
)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person in the programme. Logs in by e-mail, or by UNI-Login matched on `uniid`."""

    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    uniid = models.CharField(
        _("UNI-Login id"),
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Set when the person first logs in with UNI-Login; never matched on e-mail."),
    )

    # Set when a programme administrator erased the person: name, e-mail and logins are gone;
    # what their team made stays, shown as the work of a former staff member.
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True, editable=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []
    objects = UserManager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["first_name", "last_name", "email"]
        constraints = [
            # UNI-Login ids are matched whatever their case, so two may not differ only by it.
            models.UniqueConstraint(Lower("uniid"), name="uniid_unique_ignoring_case"),
        ]

    def __str__(self) -> str:
        if self.erased_at is not None:
            return str(_("former staff member"))
        return self.get_full_name() or self.email

    def save(self, *args, **kwargs):
        self.email = (self.email or "").lower()
        if self.uniid == "":
            self.uniid = None
        super().save(*args, **kwargs)


class Municipality(models.Model):
    code = models.CharField(
        _("municipality code"), max_length=3, unique=True, validators=[municipality_code_validator]
    )
    name = models.CharField(_("name"), max_length=100)
    # Data for development, not control: coordinators follow each team's status, and read the
    # content of its hand-ins only when the municipality has chosen so.
    coordinators_read_hand_ins = models.BooleanField(
        _("coordinators may read the teams' hand-ins"),
        default=False,
        help_text=_(
            "Off: the municipality's coordinators see each team's status, not what it handed in."
        ),
    )

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Institution(models.Model):
    class Kind(models.TextChoices):
        SCHOOL = "school", _("school")
        DAYCARE = "daycare", _("daycare")

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="institutions",
        verbose_name=_("municipality"),
    )
    number = models.CharField(
        _("institution number"),
        max_length=6,
        unique=True,
        validators=[institution_number_validator],
    )
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind, default=Kind.SCHOOL)

    class Meta:
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SchoolClass(models.Model):
    institution = models.ForeignKey(
        Institution, on_delete=models.CASCADE, related_name="classes", verbose_name=_("school")
    )
    code = models.CharField(_("class code"), max_length=20)
    grade = models.PositiveSmallIntegerField(
        _("grade"), null=True, blank=True, validators=[MaxValueValidator(10)]
    )

    class Meta:
        verbose_name = _("class")
        verbose_name_plural = _("classes")
        ordering = ["grade", "code"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "code"], name="class_code_per_school"),
            models.CheckConstraint(condition=Q(grade__lte=10), name="class_grade_0_to_10"),
        ]

    def __str__(self) -> str:
        return self.code


class TeamQuerySet(models.QuerySet):
    def plc(self):
        """The teachers' and pedagogues' teams: what "the school's teams" means everywhere."""
        return self.filter(kind=Team.Kind.PLC)

    def leadership(self):
        return self.filter(kind=Team.Kind.LEADERSHIP)


class Team(models.Model):
    """A professional learning community (PLC) at one school, or the school's leadership team.

    The leadership team (one per school) holds the school's leaders, kept in step with their
    roles, and the local resource persons the school adds (`lms.services.leadership_team_sync`).
    It takes the leadership course and writes the school's plans; it is never a teacher team.
    """

    class Kind(models.TextChoices):
        PLC = "plc", _("professional learning community")
        LEADERSHIP = "leadership", _("leadership team")

    institution = models.ForeignKey(
        Institution, on_delete=models.CASCADE, related_name="teams", verbose_name=_("school")
    )
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind, default=Kind.PLC)
    members = models.ManyToManyField(
        User, through="TeamMembership", related_name="teams", verbose_name=_("members")
    )
    classes = models.ManyToManyField(
        SchoolClass,
        blank=True,
        related_name="teams",
        verbose_name=_("classes"),
        help_text=_("The classes the team teaches: its pages and “jeres data” show them."),
    )
    grade_from = models.PositiveSmallIntegerField(
        _("from grade"), null=True, blank=True, validators=[MaxValueValidator(10)]
    )
    grade_to = models.PositiveSmallIntegerField(
        _("to grade"), null=True, blank=True, validators=[MaxValueValidator(10)]
    )
    facilitator = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="facilitated_teams",
        verbose_name=_("local facilitator"),
        help_text=_("A local resource person of the school who follows the team's work."),
    )
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)

    objects = TeamQuerySet.as_manager()

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["institution__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "name"], name="team_name_per_school"),
            models.UniqueConstraint(
                fields=["institution"],
                condition=Q(kind="leadership"),
                name="one_leadership_team_per_school",
            ),
            models.CheckConstraint(
                condition=Q(grade_from__isnull=True)
                | Q(grade_to__isnull=True)
                | Q(grade_from__lte=models.F("grade_to")),
                name="team_grade_band_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_leadership(self) -> bool:
        return self.kind == self.Kind.LEADERSHIP

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def grade_band(self) -> str:
        """“4.–6. klasse”, “0. klasse” or "" when not set."""
        if self.grade_from is None and self.grade_to is None:
            return ""
        low = self.grade_from if self.grade_from is not None else self.grade_to
        high = self.grade_to if self.grade_to is not None else self.grade_from
        if low == high:
            return _("grade %(grade)s") % {"grade": low}
        return _("grades %(low)s–%(high)s") % {"low": low, "high": high}

    def clean(self) -> None:
        if (
            self.grade_from is not None
            and self.grade_to is not None
            and self.grade_from > self.grade_to
        ):
            raise ValidationError(
                {"grade_to": _("The last grade cannot come before the first grade.")}
            )


class TeamMembership(models.Model):
    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("team")
    )
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="team_memberships", verbose_name=_("person")
    )
    is_coordinator = models.BooleanField(_("team coordinator"), default=False)

    class Meta:
        verbose_name = _("team membership")
        verbose_name_plural = _("team memberships")
        constraints = [
            models.UniqueConstraint(fields=["team", "user"], name="one_membership_per_team")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.team}"


class RoleAssignment(models.Model):
    """A role a person holds in a place: a school, a municipality, or the whole programme."""

    class Role(models.TextChoices):
        TEACHER = "teacher", _("teacher/pedagogue")
        SCHOOL_LEADER = "school_leader", _("school leader")
        LOCAL_RESOURCE_PERSON = "local_resource_person", _("local resource person")
        MUNICIPAL_RESOURCE_PERSON = "municipal_resource_person", _("municipal resource person")
        MUNICIPAL_COORDINATOR = "municipal_coordinator", _("municipal programme coordinator")
        CONTENT_AUTHOR = "content_author", _("content author (COK)")
        PROGRAMME_ADMIN = "programme_admin", _("programme administrator")

    INSTITUTION_ROLES = frozenset(
        {
            Role.TEACHER,
            Role.SCHOOL_LEADER,
            Role.LOCAL_RESOURCE_PERSON,
            Role.MUNICIPAL_RESOURCE_PERSON,
        }
    )
    MUNICIPALITY_ROLES = frozenset({Role.MUNICIPAL_COORDINATOR})
    PROGRAMME_ROLES = frozenset({Role.CONTENT_AUTHOR, Role.PROGRAMME_ADMIN})

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="role_assignments", verbose_name=_("person")
    )
    role = models.CharField(_("role"), max_length=40, choices=Role)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name=_("municipality"),
    )
    institution = models.ForeignKey(
        Institution,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name=_("institution"),
        help_text=_("For a municipal resource person: a school they are assigned to."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        ordering = ["role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "institution"],
                condition=Q(institution__isnull=False),
                name="role_once_per_institution",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "municipality"],
                condition=Q(institution__isnull=True, municipality__isnull=False),
                name="role_once_per_municipality",
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=Q(institution__isnull=True, municipality__isnull=True),
                name="role_once_in_programme",
            ),
        ]

    def __str__(self) -> str:
        place = self.institution or self.municipality
        return f"{self.get_role_display()} – {place}" if place else self.get_role_display()

    def save(self, *args, **kwargs):
        if self.institution_id and not self.municipality_id:
            self.municipality_id = self.institution.municipality_id
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.role in self.INSTITUTION_ROLES:
            if not self.institution_id:
                raise ValidationError({"institution": _("This role is held at a school.")})
            self.municipality_id = self.institution.municipality_id
        elif self.role in self.MUNICIPALITY_ROLES:
            if not self.municipality_id or self.institution_id:
                raise ValidationError(
                    {"municipality": _("This role is held in a municipality, not at a school.")}
                )
        elif self.municipality_id or self.institution_id:
            raise ValidationError(_("This role is held in the whole programme, not in a place."))


def _invitation_token() -> str:
    return secrets.token_urlsafe(32)


def _invitation_expiry():
    return timezone.now() + timedelta(days=30)


class Invitation(models.Model):
    """Lets a person link their UNI-Login to an existing account, since UNI-Login sends no e-mail."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("person")
    )
    token = models.CharField(max_length=64, unique=True, default=_invitation_token, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), default=_invitation_expiry)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return str(self.user)

    @property
    def is_usable(self) -> bool:
        return self.accepted_at is None and self.expires_at > timezone.now()


class NotificationLog(models.Model):
    """One row per e-mail sent: a retried task finds its key and sends nothing twice.

    Written by `lms.notifications.deliver` in the transaction that hands the message to the mail
    backend; the key names the kind, the object, the variant and the recipient.
    """

    key = models.CharField(max_length=200, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("sent notification")
        verbose_name_plural = _("sent notifications")

    def __str__(self) -> str:
        return self.key


class NotificationOutbox(models.Model):
    """A notification to send, written in the transaction that caused it.

    `lms.notifications.notify` writes the row with the caller's data, so the e-mail survives a
    broker that is down when the transaction commits: the task marks the row sent, and Celery
    beat's sweep sends what is still waiting (NotificationLog keeps each e-mail to one copy).
    """

    kind = models.CharField(max_length=60)
    object_id = models.CharField(max_length=64)
    variant = models.CharField(max_length=64, default="0")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("queued notification")
        verbose_name_plural = _("queued notifications")
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=Q(sent_at__isnull=True),
                name="notification_outbox_waiting",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id}:{self.variant}"


class AccessRecord(models.Model):
    """Who exported a school's profile or plan, or read a team's hand-in from outside the team
    and its reviewers, and when. The school's leaders see the record (access policy)."""

    class Kind(models.TextChoices):
        HAND_IN_READ = "hand_in_read", _("read a team's hand-in")
        PROFILE_EXPORT = "profile_export", _("exported the school's profile")
        PLAN_EXPORT = "plan_export", _("exported the school's plan")

    user = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("person")
    )
    institution = models.ForeignKey(
        Institution,
        on_delete=models.CASCADE,
        related_name="access_records",
        verbose_name=_("school"),
    )
    team = models.ForeignKey(
        Team,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("team"),
    )
    kind = models.CharField(_("what was done"), max_length=20, choices=Kind)
    what = models.CharField(_("what"), max_length=300)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("access record")
        verbose_name_plural = _("access records")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["institution", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.user_id} {self.kind}: {self.what}"


class RoleEvent(models.Model):
    """What happened to a person's roles and account, by whom and how: the record a school or a
    municipality can read back when someone asks why a person lost access or their work moved."""

    class Action(models.TextChoices):
        ROLE_ADDED = "role_added", _("role given")
        ROLE_REMOVED = "role_removed", _("role removed")
        DEACTIVATED = "deactivated", _("deactivated")
        REACTIVATED = "reactivated", _("reactivated")

    class Source(models.TextChoices):
        WEB = "web", _("the LMS's own pages")
        ROSTER = "roster", _("a people roster")
        ADMIN = "admin", _("the administration")
        SYSTEM = "system", _("the system")

    person = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="role_events", verbose_name=_("person")
    )
    action = models.CharField(_("what"), max_length=20, choices=Action)
    role = models.CharField(_("role"), max_length=40, choices=RoleAssignment.Role, blank=True)
    institution = models.ForeignKey(
        Institution, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    source = models.CharField(_("how"), max_length=10, choices=Source, default=Source.SYSTEM)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("role change")
        verbose_name_plural = _("role changes")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_action_display()} {self.get_role_display()}"


class PeopleImport(Job):
    """One import of a people roster (../shared/specs/people-roster.md): checked, previewed,
    then stored, so the browser and `import_people` share one path."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting to be checked")
        CHECKING = "checking", _("being checked")
        CHECKED = "checked", _("ready to import")
        CONFIRMED = "confirmed", _("waiting to be imported")
        APPLYING = "applying", _("importing")
        SUCCEEDED = "succeeded", _("imported")
        FAILED = "failed", _("refused")
        DISCARDED = "discarded", _("discarded")

    class Stage(models.TextChoices):
        WAITING = "waiting", _("waiting")
        READING = "reading", _("reading the file")
        CHECKING = "checking", _("checking every line")
        PREVIEWED = "previewed", _("changes worked out")
        STORING = "storing", _("storing the people")
        INVITING = "inviting", _("sending invitations")
        DONE = "done", _("done")

    FINISHED = frozenset({Status.SUCCEEDED, Status.FAILED, Status.DISCARDED})

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="people_imports",
        verbose_name=_("municipality"),
    )
    file_name = models.CharField(_("file"), max_length=200)
    content = models.BinaryField(editable=False)
    deactivate_missing = models.BooleanField(
        _("deactivate the municipality's people who are not in the file"), default=False
    )
    invite = models.BooleanField(_("invite new people by e-mail"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.QUEUED)
    stage = models.CharField(max_length=10, choices=Stage, default=Stage.WAITING)
    preview = models.JSONField(default=dict, blank=True)

    class Meta(Job.Meta):
        verbose_name = _("people import")
        verbose_name_plural = _("people imports")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED

    @property
    def is_busy(self) -> bool:
        return self.status in {
            self.Status.QUEUED,
            self.Status.CHECKING,
            self.Status.CONFIRMED,
            self.Status.APPLYING,
        }
