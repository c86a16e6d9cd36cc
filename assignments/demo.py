"""Demo submissions in every status, on both feedback routes. Idempotent.

Each story below is one team's work on one module assignment, told through the real services
(drafts, hand-ins, extensions, the feedback route's review tasks, written feedback, requests for
a new version, replies, meeting proposals, picks and notes), so status changes, the timeline,
allocation and review tasks are exactly what the programme produces. After every step the rows
the step wrote are dated back to the moment the story says it happened, so the demo reads like
an autumn's work rather than one second's; lateness is decided from that date too.

A story whose (team, assignment) already has a submission is left alone: running the seed
again changes nothing. Notifications are queued on commit like any other change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from feedback import services as feedback
from feedback.models import (
    FeedbackMessage,
    Meeting,
    ReviewTask,
    ReviewTaskEvent,
    RouteStep,
    WrittenFeedback,
)
from lms.models import Team, User
from modules.models import ModuleAssignmentPage

from . import services
from .models import StatusChange, Submission, SubmissionVersion

# --------------------------------------------------------------------------- dates


def _at(day: date, hour: int = 14, minute: int = 0) -> datetime:
    """A moment on `day` in the project's time zone."""
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _ahead(days: int, hour: int, minute: int = 0) -> datetime:
    """A school-day time `days` from today (for meetings still to come)."""
    day = timezone.localdate() + timedelta(days=days)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return _at(day, hour, minute)


def _slot(start: datetime, minutes: int = 45) -> tuple[datetime, datetime]:
    return start, start + timedelta(minutes=minutes)


# (queryset of a submission's rows, its date fields). Every field a service sets to "now".
def _dated_rows(submission: Submission):
    return [
        (Submission.objects.filter(pk=submission.pk),
         ["created_at", "updated_at", "last_edited_at", "submitted_at"]),
        (SubmissionVersion.objects.filter(submission=submission), ["submitted_at"]),
        (StatusChange.objects.filter(submission=submission), ["changed_at"]),
        (ReviewTask.objects.filter(submission=submission), ["created_at", "completed_at"]),
        (ReviewTaskEvent.objects.filter(task__submission=submission), ["created_at"]),
        (WrittenFeedback.objects.filter(task__submission=submission),
         ["created_at", "updated_at", "approval_requested_at", "released_at"]),
        (FeedbackMessage.objects.filter(submission=submission), ["created_at"]),
        (Meeting.objects.filter(task__submission=submission),
         ["proposed_at", "confirmed_at", "recorded_at"]),
    ]  # fmt: skip


# --------------------------------------------------------------------------- a story


@dataclass
class _Story:
    """One team's work on one assignment, step by step, each step dated `when`."""

    team: Team
    assignment: ModuleAssignmentPage
    submission: Submission | None = None

    # -- dating ------------------------------------------------------------------------

    def _step(self, when: datetime, action):
        since = timezone.now()
        when = min(when, since)  # never in the future, whatever day the demo is seeded
        result = action()
        if self.submission is None:
            self.submission = Submission.objects.get(team=self.team, assignment=self.assignment)
        days = getattr(settings, "FEEDBACK_OVERDUE_DAYS", 10)
        ReviewTask.objects.filter(submission=self.submission, created_at__gte=since).update(
            due_at=when + timedelta(days=days)
        )
        for rows, fields in _dated_rows(self.submission):
            for name in fields:
                rows.filter(**{f"{name}__gte": since}).update(**{name: when})
        self.submission.refresh_from_db()
        return result

    def _open_task(self, kind: str) -> ReviewTask:
        return ReviewTask.objects.select_related("assignee").get(
            submission=self.submission, state=ReviewTask.State.OPEN, kind=kind
        )

    # -- the team ----------------------------------------------------------------------

    def draft(self, when: datetime, by: User, text: str) -> _Story:
        def save():
            submission = self.submission or services.submission_get_or_create(
                team=self.team, assignment=self.assignment
            )
            return services.draft_save(
                submission=submission, text=text, base_revision=submission.revision, by=by
            )

        self._step(when, save)
        return self

    def hand_in(self, when: datetime, by: User, text: str | None = None) -> _Story:
        if text is not None:
            self.draft(when - timedelta(minutes=20), by, text)
        version = self._step(
            when, lambda: services.submission_submit(submission=self.submission, by=by)
        )
        # Late is judged on the day the story hands in, not the day the demo was seeded.
        due = self.submission.effective_due_on
        late = due is not None and timezone.localdate(min(when, timezone.now())) > due
        Submission.objects.filter(pk=self.submission.pk).update(is_late=late)
        SubmissionVersion.objects.filter(pk=version.pk).update(is_late=late)
        self.submission.refresh_from_db()
        return self

    def extend(self, when: datetime, by: User, until: date, note: str) -> _Story:
        self._step(
            when,
            lambda: services.submission_extend(
                team=self.team, assignment=self.assignment, until=until, by=by, note=note
            ),
        )
        return self

    def reply(self, when: datetime, by: User, text: str) -> _Story:
        self._step(
            when,
            lambda: feedback.feedback_message_post(
                submission=self.submission, author=by, text=text
            ),
        )
        return self

    def pick(self, when: datetime, by: User, slot_index: int = 0) -> _Story:
        meeting = Meeting.objects.get(
            task__submission=self.submission, task__state=ReviewTask.State.OPEN
        )
        slot = list(meeting.slots.order_by("starts_at"))[slot_index]
        self._step(when, lambda: feedback.meeting_confirm(meeting=meeting, slot=slot, by=by))
        return self

    # -- the reviewers -----------------------------------------------------------------

    def to(self, when: datetime, reviewer: User | None, by: User | None) -> _Story:
        """Hand the open task to `reviewer` (when someone else got it), as `by` would."""
        task = ReviewTask.objects.filter(
            submission=self.submission, state=ReviewTask.State.OPEN
        ).first()
        if reviewer is None or task is None or task.assignee_id == reviewer.pk:
            return self
        if not feedback.may_hold_task(reviewer, task):
            return self
        self._step(
            when,
            lambda: feedback.review_task_reassign(task=task, to_user=reviewer, by=by or reviewer),
        )
        return self

    def written(self, when: datetime, text: str) -> _Story:
        task = self._open_task(RouteStep.Kind.WRITTEN)
        reviewer = task.assignee
        draft = self._step(
            when - timedelta(hours=1),
            lambda: feedback.written_feedback_save(task=task, text=text, by=reviewer),
        )
        self._step(when, lambda: feedback.written_feedback_release(feedback=draft, by=reviewer))
        return self

    def new_version_please(self, when: datetime, note: str) -> _Story:
        task = self._open_task(RouteStep.Kind.WRITTEN)
        self._step(
            when, lambda: feedback.resubmission_request(task=task, note=note, by=task.assignee)
        )
        return self

    def propose(self, when: datetime, starts: list[datetime], place: str) -> _Story:
        task = self._open_task(RouteStep.Kind.ORAL)
        self._step(
            when,
            lambda: feedback.meeting_propose(
                task=task, slots=[_slot(s) for s in starts], place=place, video_url="",
                by=task.assignee,
            ),
        )  # fmt: skip
        return self

    def record(self, when: datetime, notes: str, next_steps: str) -> _Story:
        task = self._open_task(RouteStep.Kind.ORAL)
        meeting = task.meeting
        self._step(
            when,
            lambda: feedback.meeting_record(
                meeting=meeting, notes=notes, next_steps=next_steps, by=task.assignee
            ),
        )
        return self


# --------------------------------------------------------------------------- texts

ANSWER_START = """\
## Vores udgangspunkt

Vi har læst skolens kvalitetsprofil sammen på teammødet og valgt tre resultater, som siger \
mest om eleverne {grades}: drengenes faglige trivsel ligger tydeligt under pigernes, en \
tredjedel af eleverne svarer, at de sjældent får at vide, hvad de skal gøre for at blive \
bedre, og mange oplever uro i starten af timerne.

Vi læser det sådan, at vores feedback i for høj grad handler om det færdige produkt og for \
lidt om, hvad eleven skal gøre nu. Flere af os genkender, at det især er drengene, der \
"kobler fra", når de får en opgave tilbage med en karakter eller et smiley.

**Det vil vi blive bedre til:** at give feedback, der peger fremad og som eleverne faktisk \
bruger i timen, og at få en rolig og ens start på timerne på tværs af klasserne.

## Samarbejdsaftale

- Vi mødes hver tirsdag kl. 14.15–15.30 i {room}.
- {coordinator} er mødeleder og sender dagsorden dagen før; vi skiftes til at tage referat.
- Alle har læst det, vi skal drøfte, og har et konkret eksempel fra egen undervisning med.
- Vi giver hinanden feedback ud fra de tre spørgsmål: Hvor er du på vej hen? Hvor er du nu? \
Hvad er dit næste skridt?
- Vi siger det højt, hvis vi ikke når det, vi har aftalt, så vi kan hjælpe hinanden.
"""

ANSWER_FEEDBACK = """\
## Det gjorde vi

Vi valgte hver en klasse og et forløb på tre uger: dansk i {grade_a}, matematik i {grade_b} \
og natur/teknologi i {grade_c}. Sammen med eleverne formulerede vi to eller tre læringsmål og \
tegn på læring, skrevet så eleverne kunne genkende dem ("Jeg kan forklare, hvordan jeg kom \
frem til resultatet").

Vi gav feedback mindst to gange om ugen og satte de sidste ti minutter af timen af til, at \
eleverne arbejdede videre med den. Vi brugte et fælles skema med de tre spørgsmål, så \
eleverne kunne se, hvor de var, og hvad næste skridt var.

## Eksempler på vores feedback

> "Du har fundet tre gode argumenter. Næste skridt: vælg det stærkeste og sæt det til sidst."

> "Du gik i stå ved opgave 4. Hvad gjorde du ved opgave 2, som du kan prøve igen her?"

Det andet eksempel er på selvreguleringsniveau, og det var dem, vi havde sværest ved at \
formulere. Vi øvede os på teammødet ved at omskrive hinandens kommentarer.

## Det gjorde eleverne med feedbacken

Vi kunne se det på elevprodukterne fra før og efter: 19 ud af 24 elever i {grade_a} rettede \
noget konkret efter feedbacken, mod 7 i forløbet før. En dreng sagde: *"Det er nemmere, når \
man ved, hvad man skal gøre, i stedet for bare at få at vide, at det er godt."* En pige \
sagde, at hun godt kunne lide at vide, hvor hun var, "men nogle gange er det for meget på én \
gang".

Det var ikke alle, der brugte tiden. Nogle elever ventede på, at vi kom forbi, i stedet for \
at gå i gang selv.

## Det vil vi fortsætte med

- De ti minutter i slutningen af timen, hvor eleverne arbejder med feedbacken.
- Kortere feedback: ét næste skridt ad gangen.
- At eleverne selv skriver deres næste skridt ned i bogen, så vi kan følge op næste gang.
"""

ANSWER_RULES = """\
## Regler og rutiner (kladde)

Vi har valgt tre regler og tre rutiner, som gælder i alle klasser {grades}:

1. Vi starter til tiden: dagens mål står på tavlen, og alle har bøger fremme efter to minutter.
2. Én taler ad gangen, og vi rækker hånden op, når vi vil sige noget i fælles samtale.
3. Vi hjælper hinanden, før vi spørger læreren ("spørg tre, før du spørger mig").

Rutinerne er *startrutinen*, *skift mellem opgaver* med nedtælling fra ti, og *oprydning de \
sidste tre minutter*.

## Første måling

I den første uge gik der i gennemsnit 6½ minut fra timens start, til alle var i gang. Det \
var mest i timerne efter frikvarteret, det tog tid. Vi mangler den sidste måling og \
beskrivelsen af, hvad vi har set hos de elever, der plejer at have det sværest.
"""

ANSWER_MOTIVATION = """\
## Forløbet

Vi planlagde et forløb på tre uger om {topic}. Eleverne kunne vælge mellem at lave en \
podcast, en planche med forklaringer eller et oplæg for en mindre gruppe. Alle skulle nå de \
samme mål, men måden at vise det på var deres egen.

For at alle fik en oplevelse af at mestre noget svært, delte vi opgaven op i små trin med en \
tjekliste, så eleverne kunne se, hvor langt de var nået.

## Det så vi

Flere elever, som normalt er stille, valgte podcasten og var meget engagerede. En elev sagde: \
*"Det var første gang, jeg selv måtte bestemme, hvordan jeg viste det."* Andre havde svært \
ved at vælge og brugte meget tid på at skifte mellem formerne.

## Næste gang

Vi vil give færre valgmuligheder i starten og en fast deadline for, hvornår valget skal være \
truffet.
"""

ANSWER_PANEL = """\
## Elevpanelet (kladde)

Vi har sammensat et elevpanel i hver klasse med fire elever, som skiftes hver måned. Første \
møde er holdt: eleverne foreslog, at de fik lov at arbejde sammen to og to i \
matematiktimerne og at der var flere pauser med bevægelse. Vi har indtil videre afprøvet \
forslaget om makkerarbejde, og panelet mødes igen i næste uge.
"""

ANSWER_PARENTS = """\
## Dagsorden

1. Velkomst og aftenens formål (5 min.)
2. Hvad lærer eleverne i år? Eksempler fra dansk og matematik (25 min.)
3. Sådan kan I støtte læsningen derhjemme – øvelse i grupper (25 min.)
4. Praktiske oplysninger og spørgsmål (15 min.)

## Refleksion

Mere end halvdelen af tiden handlede om elevernes læring. Forældrene var meget aktive i \
gruppeøvelsen, og mange skrev i evalueringen, at de gerne ville have flere konkrete ideer til \
lektielæsning. 31 ud af 44 forældre svarede på evalueringen.

Det var svært at holde tiden under punkt 4, og enkelte forældre ville hellere tale om \
trivsel i klassen end om læring. Næste gang vil vi sende et kort oplæg ud på forhånd.
"""

ANSWER_PARENTS_V2 = (
    ANSWER_PARENTS
    + """
## Tilføjet efter feedbacken

Vi har samlet forældrenes evaluering i en oversigt: 26 af de 31 svarede, at de fik konkrete \
ideer, de kan bruge derhjemme. Vi har aftalt, at næste forældremøde starter med et \
fem minutters oplæg fra to elever om, hvad de arbejder med.
"""
)

FEEDBACK_START = """\
Tak for en klar og velskrevet besvarelse. I har valgt resultater, der hænger tydeligt sammen, \
og jeres læsning af dem er præcis: feedbacken skal flytte eleverne, ikke kun vurdere dem.

**Det fungerer godt:** Samarbejdsaftalen er konkret, og jeres tre spørgsmål giver jer et \
fælles sprog, som I kan bruge både over for eleverne og hinanden.

**Næste skridt:** Overvej, hvordan I vil se, om det virker. Hvilke tegn hos drengene vil vise \
jer, at deres faglige trivsel er på vej op? Tag gerne et bud med til samtalen.
"""

FEEDBACK_FEEDBACK = """\
I har arbejdet grundigt med forløbet, og det er tydeligt, at eleverne har brugt \
feedbacken: tallene fra før og efter er et godt tegn.

**Det fungerer godt:** De ti minutter i slutningen af timen, hvor eleverne arbejder videre, er \
præcis det, der gør feedback fremadrettet. Jeres eksempler viser, at I er godt i gang med \
feedback på procesniveau.

**Hvor er I nu?** Feedbacken på selvreguleringsniveau er der kun få eksempler på. Det er dem, \
der på sigt gør eleverne mindre afhængige af, at I kommer forbi.

**Næste skridt:** Vælg to spørgsmål, som eleverne kan stille sig selv, før de rækker hånden \
op, og hæng dem op i klasserne. Lad os tale om, hvordan det gik, til samtalen.
"""

FEEDBACK_MOTIVATION_REDO = (
    "Tak for besvarelsen. Vi mangler jeres beskrivelse af, hvordan I sikrede, at alle elever "
    "fik en oplevelse af at mestre noget svært, og hvad I konkret så ændre sig i elevernes "
    "engagement. Skriv gerne et par eksempler på elever, der rykkede sig, og aflever igen."
)
FEEDBACK_PARENTS_REDO = (
    "Tak for en fin refleksion over forældremødet. Forældrenes evaluering er ikke med i "
    "besvarelsen: vedhæft den eller skriv hovedpunkterne ind, og fortæl, hvad I vil tage med "
    "til næste møde. Så giver jeg skriftlig feedback og vi finder en tid til samtalen."
)
FEEDBACK_START_REDO = (
    "Tak for jeres udgangspunkt. Samarbejdsaftalen mangler: hvornår mødes I, hvem gør hvad, "
    "og hvordan giver I hinanden feedback? Skriv den i punktform og aflever igen."
)

REPLY_TEAM = (
    "Tak for feedbacken. Vi har talt om spørgsmålene til selvregulering på teammødet og tager "
    "to forslag med til samtalen."
)
REPLY_TEAM_START = (
    'Tak! Vi har sat "tegn hos drengene" på dagsordenen til næste teammøde og tager vores bud '
    "med til samtalen."
)

NOTES_START = """\
Vi talte om, hvilke tegn der vil vise, at drengenes faglige trivsel stiger. Teamet foreslog \
at følge deltagelsen i fælles samtale og antallet af elever, der retter efter feedback. Vi \
aftalte, at teamkoordinatoren samler tallene op hver fjortende dag.
"""
NEXT_STEPS_START = """\
- Hver lærer vælger tre drenge, som de følger særligt i modul 1.
- Teamet tæller hver anden uge, hvor mange der retter efter feedback.
- Næste opfølgning på teammødet i uge 45.
"""

PLACE_AARS = "Aars Skole, mødelokale 2"
PLACE_LOESNING = "Løsning Skole, ledelseskontoret"
PLACE_LOEGSTOER = "Løgstør Skole, personalerummet"
PLACE_JUELSMINDE = "Juelsminde Skole, mødelokale 1"

# Grades and rooms per team, for the team-specific parts of the answers.
TEAM_FACTS = {
    "Indskolingen": {
        "grades": "i indskolingen",
        "grade_a": "1.A",
        "grade_b": "2.B",
        "grade_c": "3.A",
        "room": "indskolingens teamrum",
    },
    "Mellemtrinnet": {
        "grades": "på mellemtrinnet",
        "grade_a": "5.A",
        "grade_b": "4.B",
        "grade_c": "6.A",
        "room": "mellemtrinnets teamrum",
    },
    "Udskolingen": {
        "grades": "i udskolingen",
        "grade_a": "8.A",
        "grade_b": "7.B",
        "grade_c": "9.A",
        "room": "lærerværelsets lille mødelokale",
    },
}


# --------------------------------------------------------------------------- people


def _user(email: str) -> User | None:
    return User.objects.filter(email=email).first()


def _members(team: Team) -> list[User]:
    """The team's members, coordinators first, then in the order they joined."""
    return [
        m.user for m in team.memberships.select_related("user").order_by("-is_coordinator", "pk")
    ]


def _text(template: str, team: Team, members: list[User], **extra) -> str:
    coordinator = members[0].get_full_name() if members else "teamkoordinatoren"
    return template.format(coordinator=coordinator, **TEAM_FACTS[team.name], **extra)


# --------------------------------------------------------------------------- the stories


def _story(number: str, team_name: str, slug: str) -> _Story | None:
    """A new story for the team's assignment, or None when it exists already (or is missing)."""
    team = Team.objects.filter(institution__number=number, name=team_name).first()
    assignment = ModuleAssignmentPage.objects.filter(slug=slug).first()
    if team is None or assignment is None:
        return None
    if Submission.objects.filter(team=team, assignment=assignment).exists():
        return None
    return _Story(team, assignment)


def _vesthimmerland() -> None:
    """Aars Skole (Feedback og klasseledelse) and Løgstør Skole (Forældresamarbejde): the
    resource persons write, then meet the team together with the school leadership."""
    rp = _user("ressourceperson@demo.dk")
    coordinator = _user("forvaltning@demo.dk")
    teacher, team_lead = _user("laerer@demo.dk"), _user("teamkoordinator@demo.dk")
    leader = _user("leder@demo.dk")
    mellem = Team.objects.filter(institution__number="773001", name="Mellemtrinnet").first()
    members = _members(mellem) if mellem else []

    # Mellemtrinnet: the intro is done, from hand-in to the meeting's notes.
    if story := _story("773001", "Mellemtrinnet", "teamets-udgangspunkt"):
        text = _text(ANSWER_START, story.team, members)
        story.draft(_at(date(2026, 10, 5), 15), team_lead, text)
        story.hand_in(_at(date(2026, 10, 8), 10), team_lead, text)
        story.to(_at(date(2026, 10, 8), 11), rp, coordinator)
        story.written(_at(date(2026, 10, 14), 13), FEEDBACK_START)
        story.reply(_at(date(2026, 10, 15), 8, 10), teacher, REPLY_TEAM_START)
        story.propose(
            _at(date(2026, 10, 15), 9),
            [_at(date(2026, 10, 20), 14, 15), _at(date(2026, 10, 21), 14, 30)],
            PLACE_AARS,
        )
        story.pick(_at(date(2026, 10, 16), 7, 45), team_lead, 0)
        story.record(_at(date(2026, 10, 20), 15, 10), NOTES_START, NEXT_STEPS_START)

    # Mellemtrinnet (laerer@demo.dk): feedback released, meeting times offered, none picked,
    # so a demo visitor can pick one.
    if story := _story("773001", "Mellemtrinnet", "fremadrettet-feedback"):
        text = _text(ANSWER_FEEDBACK, story.team, members)
        story.draft(_at(date(2026, 11, 3), 16), teacher, text)
        story.hand_in(_at(date(2026, 11, 5), 14), team_lead, text)
        story.to(_at(date(2026, 11, 5), 15), rp, coordinator)
        story.written(_at(date(2026, 11, 16), 12), FEEDBACK_FEEDBACK)
        # The coordinator gives the meeting to the resource person who wrote the feedback.
        story.to(_at(date(2026, 11, 16), 13), rp, coordinator)
        story.reply(_at(date(2026, 11, 17), 7, 50), team_lead, REPLY_TEAM)
        story.propose(
            _at(date(2026, 11, 17), 9),
            [_ahead(3, 14, 15), _ahead(4, 13, 0), _ahead(8, 14, 30)],
            PLACE_AARS,
        )

    # Mellemtrinnet: a draft in progress for the current module.
    if story := _story("773001", "Mellemtrinnet", "faelles-regler-og-rutiner"):
        story.draft(_at(date(2026, 11, 19), 15, 40), teacher, _text(ANSWER_RULES, story.team, []))

    # Mellemtrinnet: not started yet, but the leader moved the deadline (a school camp).
    if story := _story("773001", "Mellemtrinnet", "kollegial-observation"):
        story.extend(
            _at(date(2026, 11, 16), 9),
            leader,
            date(2027, 1, 15),
            "Observationerne flyttes til januar på grund af lejrskole i uge 49.",
        )

    udskol = Team.objects.filter(institution__number="773001", name="Udskolingen").first()
    members = _members(udskol) if udskol else []
    # Udskolingen: the intro handed in late, now completed.
    if story := _story("773001", "Udskolingen", "teamets-udgangspunkt"):
        text = _text(ANSWER_START, story.team, members)
        story.hand_in(_at(date(2026, 10, 13), 20, 30), teacher, text)
        story.written(_at(date(2026, 10, 20), 11), FEEDBACK_START)
        story.propose(
            _at(date(2026, 10, 20), 11, 30),
            [_at(date(2026, 10, 27), 14, 15), _at(date(2026, 10, 28), 14, 15)],
            PLACE_AARS,
        )
        story.pick(_at(date(2026, 10, 21), 8), teacher, 1)
        story.record(_at(date(2026, 10, 28), 15, 5), NOTES_START, NEXT_STEPS_START)

    # Udskolingen: the meeting time is picked and still to come.
    if story := _story("773001", "Udskolingen", "fremadrettet-feedback"):
        text = _text(ANSWER_FEEDBACK, story.team, members)
        story.hand_in(_at(date(2026, 11, 6), 13), teacher, text)
        story.written(_at(date(2026, 11, 18), 10), FEEDBACK_FEEDBACK)
        story.propose(
            _at(date(2026, 11, 18), 10, 30), [_ahead(2, 14, 15), _ahead(5, 14, 15)], PLACE_AARS
        )
        story.pick(_at(date(2026, 11, 19), 8, 30), teacher, 0)

    # Udskolingen: handed in, waiting in the resource person's queue.
    if story := _story("773001", "Udskolingen", "faelles-regler-og-rutiner"):
        text = _text(ANSWER_RULES, story.team, [])
        story.hand_in(_at(date(2026, 11, 20), 14, 30), teacher, text)
        story.to(_at(date(2026, 11, 20), 15), rp, coordinator)

    # Løgstør Skole: a new version asked for (the team has started on it) ...
    indskol = Team.objects.filter(institution__number="773002", name="Indskolingen").first()
    members = _members(indskol) if indskol else []
    if members and (story := _story("773002", "Indskolingen", "foraeldremoede-om-laering")):
        story.hand_in(_at(date(2026, 11, 12), 15), members[0], ANSWER_PARENTS)
        story.to(_at(date(2026, 11, 12), 16), rp, coordinator)
        story.new_version_please(_at(date(2026, 11, 17), 13), FEEDBACK_PARENTS_REDO)
        story.draft(_at(date(2026, 11, 20), 14), members[-1], ANSWER_PARENTS_V2)
    # ... and one waiting for the resource person's written feedback.
    mellem = Team.objects.filter(institution__number="773002", name="Mellemtrinnet").first()
    members = _members(mellem) if mellem else []
    if members and (story := _story("773002", "Mellemtrinnet", "foraeldremoede-om-laering")):
        story.hand_in(_at(date(2026, 11, 13), 12), members[0], ANSWER_PARENTS)
        story.to(_at(date(2026, 11, 13), 13), rp, coordinator)


def _hedensted() -> None:
    """Løsning Skole (Feedback og klasseledelse) and Juelsminde Skole (Motivation og
    elevinddragelse): the school leadership writes the feedback and holds the meeting."""
    teacher = _user("laerer.hedensted@demo.dk")
    leader = _user("leder.hedensted@demo.dk")

    mellem = Team.objects.filter(institution__number="615001", name="Mellemtrinnet").first()
    members = _members(mellem) if mellem else []
    if story := _story("615001", "Mellemtrinnet", "teamets-udgangspunkt"):
        text = _text(ANSWER_START, story.team, members)
        story.hand_in(_at(date(2026, 10, 29), 14), teacher, text)
        story.written(_at(date(2026, 11, 3), 12), FEEDBACK_START)
        story.propose(
            _at(date(2026, 11, 3), 12, 30),
            [_at(date(2026, 11, 10), 14, 30), _at(date(2026, 11, 11), 14, 30)],
            PLACE_LOESNING,
        )
        story.pick(_at(date(2026, 11, 4), 7, 55), teacher, 0)
        story.record(_at(date(2026, 11, 10), 15, 20), NOTES_START, NEXT_STEPS_START)
    if story := _story("615001", "Mellemtrinnet", "fremadrettet-feedback"):
        text = _text(ANSWER_FEEDBACK, story.team, members)
        story.hand_in(_at(date(2026, 11, 19), 15), teacher, text)
        story.written(_at(date(2026, 11, 21), 9), FEEDBACK_FEEDBACK)
        story.propose(
            _at(date(2026, 11, 21), 9, 30),
            [_ahead(3, 14, 30), _ahead(4, 14, 30)],
            PLACE_LOESNING,
        )
        story.reply(_at(date(2026, 11, 21), 11), teacher, REPLY_TEAM)
        story.pick(_at(date(2026, 11, 22), 19), teacher, 1)
    if story := _story("615001", "Mellemtrinnet", "faelles-regler-og-rutiner"):
        story.draft(_at(date(2026, 11, 22), 20), teacher, _text(ANSWER_RULES, story.team, []))

    indskol = Team.objects.filter(institution__number="615001", name="Indskolingen").first()
    members = _members(indskol) if indskol else []
    # Indskolingen: the intro came in late, a new version was asked for, then completed.
    if members and (story := _story("615001", "Indskolingen", "teamets-udgangspunkt")):
        first = _text(ANSWER_START, story.team, members).split("## Samarbejdsaftale")[0]
        story.hand_in(_at(date(2026, 11, 2), 16), members[0], first)
        story.new_version_please(_at(date(2026, 11, 5), 10), FEEDBACK_START_REDO)
        second = _text(ANSWER_START, story.team, members)
        story.hand_in(_at(date(2026, 11, 10), 14), members[0], second)
        story.written(_at(date(2026, 11, 13), 12), FEEDBACK_START)
        story.propose(
            _at(date(2026, 11, 13), 12, 15),
            [_at(date(2026, 11, 18), 14, 30)],
            PLACE_LOESNING,
        )
        story.pick(_at(date(2026, 11, 14), 8), members[0], 0)
        story.record(_at(date(2026, 11, 18), 15, 15), NOTES_START, NEXT_STEPS_START)
    # Indskolingen: written feedback released, the meeting times not yet picked.
    if members and (story := _story("615001", "Indskolingen", "fremadrettet-feedback")):
        text = _text(ANSWER_FEEDBACK, story.team, members)
        story.hand_in(_at(date(2026, 11, 18), 13), members[0], text)
        story.written(_at(date(2026, 11, 20), 12), FEEDBACK_FEEDBACK)
        story.propose(
            _at(date(2026, 11, 20), 12, 10),
            [_ahead(2, 13, 0), _ahead(3, 14, 30), _ahead(7, 14, 30)],
            PLACE_LOESNING,
        )
    # Indskolingen: not started; the leader gave the team until after Christmas.
    if leader and (story := _story("615001", "Indskolingen", "faelles-regler-og-rutiner")):
        story.extend(
            _at(date(2026, 11, 18), 10),
            leader,
            date(2027, 1, 8),
            "Teamet har to nye kolleger og starter efter juleferien.",
        )

    # Juelsminde Skole has no leader in the demo: the coordinator holds the tasks.
    for team_name, slug, facts in [
        ("Mellemtrinnet", "valg-og-mestring", "brøker og procent"),
        ("Udskolingen", "valg-og-mestring", "energi og klima"),
    ]:
        team = Team.objects.filter(institution__number="615002", name=team_name).first()
        members = _members(team) if team else []
        if not members or not (story := _story("615002", team_name, slug)):
            continue
        text = ANSWER_MOTIVATION.format(topic=facts)
        if team_name == "Mellemtrinnet":
            story.hand_in(_at(date(2026, 11, 6), 14), members[0], text)
            story.new_version_please(_at(date(2026, 11, 11), 10), FEEDBACK_MOTIVATION_REDO)
        else:
            story.hand_in(_at(date(2026, 11, 18), 15), members[0], text)
    if story := _story("615002", "Udskolingen", "elevpanel"):
        team = story.team
        members = _members(team)
        if members:
            story.draft(_at(date(2026, 11, 20), 15), members[-1], ANSWER_PANEL)


@transaction.atomic
def seed_submissions() -> None:
    """Create the demo teams' submissions and feedback; existing ones are left as they are."""
    _vesthimmerland()
    _hedensted()
