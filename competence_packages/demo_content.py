"""The demo's competence packages as data: COK's content in Danish, written as real content.

`competence_packages.demo.seed_packages()` turns this into Wagtail pages. Everything here is
content (what an author would type in the CMS), so it is Danish and not translated. Body blocks
are `(block type, value)` pairs in the names of `modules.blocks.ModuleBodyBlock`; a your_data
block names its indicator by code, and the seeding looks the indicator up.
"""

from __future__ import annotations

from dataclasses import dataclass

# --------------------------------------------------------------------------- shapes


@dataclass(frozen=True)
class AssignmentSpec:
    slug: str
    title: str
    task: str  # rich text (HTML)
    hand_in: str  # rich text (HTML)
    weeks: int = 3
    file_expected: bool = False


@dataclass(frozen=True)
class ModuleSpec:
    slug: str
    title: str
    kind: str  # modules.models.ModulePage.Kind value
    body: tuple[tuple[str, dict | str], ...]
    assignments: tuple[AssignmentSpec, ...] = ()


@dataclass(frozen=True)
class PackageSpec:
    slug: str
    code: str
    title: str
    summary: str
    audience: str  # CompetencePackage.Audience value
    estimated_weeks: int
    intro: str  # rich text (HTML)
    targets: tuple[tuple[str, int], ...]  # (indicator code, weight 1–3)
    modules: tuple[ModuleSpec, ...]


@dataclass(frozen=True)
class VideoSpec:
    url: str
    youtube_id: str
    title: str


# --------------------------------------------------------------------------- block helpers


def _html(*paragraphs: str) -> str:
    """Paragraphs to rich text; a paragraph already starting with a tag is kept as it is."""
    return "".join(p if p.startswith("<") else f"<p>{p}</p>" for p in paragraphs)


def text(*paragraphs: str) -> tuple[str, str]:
    return ("text", _html(*paragraphs))


def video(spec: VideoSpec, transcript: str) -> tuple[str, dict]:
    return ("video", {"video": spec.url, "title": spec.title, "transcript": transcript})


def reading(title: str, url: str, source: str, note: str = "") -> tuple[str, dict]:
    return ("reading", {"title": title, "url": url, "source": source, "note": note})


def reflection(question: str, guidance: str = "") -> tuple[str, dict]:
    return ("reflection", {"question": question, "guidance": guidance})


def check(question: str, *options: tuple[str, bool, str]) -> tuple[str, dict]:
    return (
        "check",
        {
            "question": question,
            "options": [
                {"text": answer, "correct": correct, "explanation": explanation}
                for answer, correct, explanation in options
            ],
        },
    )


def discussion(prompt: str, minutes: int | None = None) -> tuple[str, dict]:
    return ("discussion", {"prompt": prompt, "minutes": minutes})


def your_data(indicator: str, respondent_group: str, intro: str) -> tuple[str, dict]:
    return (
        "your_data",
        {"indicator": indicator, "respondent_group": respondent_group, "intro": intro},
    )


# --------------------------------------------------------------------------- videos
# Real talks on YouTube. Seeding stores a static embed for each (wagtail.embeds.Embed), so
# neither seeding nor rendering ever asks YouTube.

HATTIE = VideoSpec(
    "https://www.youtube.com/watch?v=rzwJXUieD0U",
    "rzwJXUieD0U",
    "John Hattie: Hvorfor lykkes så mange af vores lærere og skoler? (TEDxNorrköping)",
)
PIERSON = VideoSpec(
    "https://www.youtube.com/watch?v=SFnMTHhKdkw",
    "SFnMTHhKdkw",
    "Rita Pierson: Alle elever har brug for en voksen, der tror på dem (TED)",
)
DWECK = VideoSpec(
    "https://www.youtube.com/watch?v=_X0mgOOSpLU",
    "_X0mgOOSpLU",
    "Carol Dweck: Kraften i at tro på, at man kan blive bedre (TED)",
)
PINK = VideoSpec(
    "https://www.youtube.com/watch?v=rrkrvAUbU9Y",
    "rrkrvAUbU9Y",
    "Dan Pink: Motivationens gåde (TED)",
)
VIDEOS: tuple[VideoSpec, ...] = (HATTIE, PIERSON, DWECK, PINK)

# --------------------------------------------------------------------------- shared text

RHYTHM = text(
    "<h2>Sådan arbejder I med modulet</h2>",
    "<ol>"
    "<li><strong>Læs og se</strong> hver for sig: teksterne og videoen i modulet.</li>"
    "<li><strong>Drøft i teamet</strong> med udgangspunkt i drøftelsesspørgsmålene og jeres egne "
    "data fra kortlægningen.</li>"
    "<li><strong>Afprøv modulopgaven</strong> i jeres klasser i de uger, ledelsen har planlagt.</li>"
    "<li><strong>Aflevér teamets fælles besvarelse</strong> her på platformen.</li>"
    "<li><strong>Få feedback</strong>: først skriftligt, derefter en mundtlig samtale med "
    "ressourcepersoner og/eller ledelse, som jeres kommune har tilrettelagt det.</li>"
    "<li><strong>Reflektér</strong> hver for sig og aftal i teamet, hvad I tager med videre.</li>"
    "</ol>",
)

FEEDBACK_FLOW = (
    "Når I har afleveret, får teamet først skriftlig feedback og derefter en mundtlig "
    "feedbacksamtale. Tag besvarelsen og den skriftlige feedback med til samtalen."
)

# --------------------------------------------------------------------------- Feedback og klasseledelse

FK_INTRO = ModuleSpec(
    slug="introduktion",
    title="Introduktion: Sådan arbejder I med kompetencepakken",
    kind="introduction",
    body=(
        text(
            "Velkommen til kompetencepakken <em>Feedback og klasseledelse</em>. Pakken er "
            "udviklet til skoler, hvor kortlægningen i Program for læringsledelse peger på, at "
            "eleverne oplever for lidt fremadrettet feedback, for lidt ro og struktur i "
            "undervisningen eller en svag faglig trivsel. Den bygger på forskningsviden om, hvad "
            "der virker, og på jeres egne data.",
            "Forløbet er kollektivt og praksisnært: I arbejder som et professionelt "
            "læringsfællesskab, hvor I læser og drøfter sammen, afprøver de samme greb i jeres "
            "egne klasser og bruger hinandens erfaringer. Det er teamet, ikke den enkelte lærer, "
            "der afleverer modulopgaverne og får feedback på dem.",
            "Pakken består af denne introduktion, fire indholdsmoduler og et afsluttende modul. "
            "Hvert modul følger den samme rytme, så I hurtigt kan finde en fast form for jeres "
            "teammøder.",
        ),
        RHYTHM,
        video(
            HATTIE,
            "John Hattie fortæller om, hvad hans sammenfatning af mere end 800 metaanalyser "
            "viser om elevernes læring. Den største forskel, skolen selv har indflydelse på, "
            "er lærernes ekspertise, og den findes allerede i skolerne. Ekspertisen viser sig, "
            "når lærere sammen undersøger, hvilken virkning deres undervisning har på eleverne, "
            "og justerer ud fra det. Hattie advarer mod at lede efter den ene lærer, der skal "
            "rettes op, og opfordrer i stedet til at gøre det synligt, hvad der virker, og dele "
            "det i fællesskab. Feedback, tydelige mål og høje forventninger er blandt de "
            "faktorer, der har størst betydning.",
        ),
        your_data(
            "FAG",
            "pupil",
            "Sådan svarer eleverne på jeres skole på spørgsmålene om faglig trivsel, fx om de "
            "kan koncentrere sig i timerne, og om de får hjælp, når de har brug for det.",
        ),
        discussion(
            "Se på jeres skoles resultater for faglig trivsel, feedback og klasseledelse. Hvad "
            "overrasker jer? Hvilke elevgrupper ser ud til at have det sværest? Aftal derefter, "
            "hvordan I vil arbejde sammen i forløbet: hvornår I mødes, hvem der er "
            "mødeleder og referent, og hvordan I sikrer, at alle kommer til orde.",
            30,
        ),
        reflection(
            "Hvad håber du, at dine elever vil opleve anderledes, når forløbet er slut?",
            "Skriv et eller to konkrete eksempler. Du kan se dit svar igen i det afsluttende "
            "modul.",
        ),
    ),
    assignments=(
        AssignmentSpec(
            slug="teamets-udgangspunkt",
            title="Opstartsopgave: Teamets udgangspunkt og samarbejdsaftale",
            task=_html(
                "Læs jeres skoles kvalitetsprofil sammen og vælg de to eller tre resultater, der "
                "siger mest om jeres elever. Formulér på den baggrund, hvad I som team vil "
                "blive bedre til i forløbet.",
                "Lav en kort samarbejdsaftale: mødetider, roller, hvordan I forbereder jer, og "
                "hvordan I giver hinanden feedback.",
            ),
            hand_in=_html(
                "Teamets udgangspunkt (højst en halv side): de valgte resultater, hvad I læser "
                "ud af dem, og hvad I vil blive bedre til. Samarbejdsaftalen i punktform."
            ),
            weeks=2,
        ),
    ),
)

FK_FEEDBACK = ModuleSpec(
    slug="feedback-der-flytter-laering",
    title="Modul 1: Feedback der flytter læring",
    kind="content",
    body=(
        text(
            "Feedback er en af de faktorer i undervisningen, der har størst betydning for "
            "elevernes læring, men virkningen svinger meget. Noget feedback flytter eleverne "
            "markant, noget har ingen virkning, og noget gør det ligefrem værre. Forskellen "
            "ligger i, hvad feedbacken handler om, og om eleverne bruger den.",
            "John Hattie og Helen Timperley beskriver god feedback som svar på tre spørgsmål: "
            "<strong>Hvor skal jeg hen?</strong> (målet), <strong>Hvordan klarer jeg mig?</strong> "
            "(hvor er jeg i forhold til målet) og <strong>Hvad er næste skridt?</strong> "
            "(hvordan kommer jeg videre). Det sidste spørgsmål er det, der oftest mangler.",
            "Feedback kan gives på fire niveauer: om <em>opgaven</em> (er svaret rigtigt), om "
            "<em>processen</em> (hvilken strategi kan eleven bruge), om <em>selvreguleringen</em> "
            "(hvordan kan eleven selv tjekke sit arbejde) og om <em>personen</em> (ros som "
            "“du er dygtig”). Feedback på proces og selvregulering flytter mest; ros af "
            "personen flytter næsten intet, fordi den ikke siger noget om, hvad eleven skal gøre.",
            "Feedback virker kun, hvis eleverne får tid til at bruge den. Planlæg derfor tid i "
            "timen, hvor eleverne arbejder videre med den feedback, de har fået, og følg op på, "
            "om det lykkedes.",
        ),
        RHYTHM,
        reading(
            "The Power of Feedback",
            "https://doi.org/10.3102/003465430298487",
            "John Hattie og Helen Timperley, Review of Educational Research 77(1), 2007",
            "Artiklen bag de tre feedbackspørgsmål og de fire niveauer. Læs især afsnittet om "
            "feedback på procesniveau.",
        ),
        reading(
            "Feedback og evaluering i undervisningen",
            "https://emu.dk/grundskole/evaluering",
            "Børne- og Undervisningsministeriet, emu.dk",
            "Korte eksempler på løbende evaluering og feedback fra danske klasserum.",
        ),
        video(
            DWECK,
            "Carol Dweck fortæller om en skole, hvor elever, der ikke bestod et fag, fik "
            "karakteren “endnu ikke” i stedet for “dumpet”. Ordene “endnu ikke” signalerer, at "
            "læring er en vej, man er på. Dweck viser, at elever, der tror, at de kan blive "
            "dygtigere ved at arbejde og prøve nye strategier, klarer sig bedre. Hun anbefaler "
            "at rose processen, indsatsen, strategierne og fremskridtet frem for intelligens "
            "eller talent.",
        ),
        check(
            "En elev i 5. klasse afleverer en fortællende tekst. Hvilken feedback peger mest "
            "fremad?",
            (
                "Flot arbejde – du er virkelig dygtig til dansk!",
                False,
                "Ros af personen kan være rar at få, men den siger ikke, hvad eleven skal gøre "
                "næste gang. Den har derfor næsten ingen virkning på læringen.",
            ),
            (
                "Din indledning får læseren til at ville læse videre. Prøv nu at give hvert "
                "afsnit en kernesætning, så læseren kan følge handlingen.",
                True,
                "Feedbacken viser, hvad der allerede virker i forhold til målet, og giver et "
                "konkret næste skridt, som eleven kan tage fat på med det samme.",
            ),
            (
                "7 ud af 10 point.",
                False,
                "Et pointtal fortæller, hvor eleven er, men ikke hvordan eleven kommer videre. "
                "Får eleven både point og kommentarer, ser mange kun på pointene.",
            ),
        ),
        discussion(
            "Tag hver især tre eksempler med på feedback, som du har givet i denne uge, mundtligt "
            "eller skriftligt. Sortér dem sammen efter de fire niveauer. Hvilket niveau giver I "
            "mest feedback på? Hvilket af de tre spørgsmål svarer jeres feedback oftest på, og "
            "hvilket sjældnest?",
            30,
        ),
        your_data(
            "FEE",
            "pupil",
            "Sådan svarer eleverne på jeres skole om feedback, fx om lærerne fortæller dem, "
            "hvordan de kan blive bedre, og om de ved, hvad målet er med det, de lærer.",
        ),
        reflection(
            "Hvornår får dine elever tid i timen til at bruge den feedback, de får fra dig?",
            "Tænk på en helt almindelig uge. Hvis svaret er “sjældent”, så skriv, hvor i din "
            "planlægning tiden kunne findes.",
        ),
    ),
    assignments=(
        AssignmentSpec(
            slug="fremadrettet-feedback",
            title="Modulopgave 1: Fremadrettet feedback i et forløb",
            task=_html(
                "Vælg hver især en klasse og et forløb på tre uger. Formulér to eller tre "
                "læringsmål og tegn på læring, som eleverne kan forstå.",
                "Giv mindst to gange om ugen feedback, der svarer på de tre spørgsmål, og sæt "
                "tid af i timen, hvor eleverne arbejder videre med den. Gem fem eksempler på din "
                "feedback og et elevprodukt fra før og efter.",
                "Mødes i teamet efter halvanden uge og del, hvad der virker.",
            ),
            hand_in=_html(
                "Teamets fælles besvarelse (højst to sider): hvad I gjorde, eksempler på "
                "feedback på proces- og selvreguleringsniveau, hvad eleverne gjorde med "
                "feedbacken, og hvad I vil fortsætte med.",
                "Vedhæft anonymiserede elevprodukter fra før og efter som én fil.",
                FEEDBACK_FLOW,
            ),
            weeks=3,
            file_expected=True,
        ),
    ),
)

FK_CLASSROOM = ModuleSpec(
    slug="klasseledelse-struktur-regler-og-rutiner",
    title="Modul 2: Klasseledelse – struktur, regler og rutiner",
    kind="content",
    body=(
        text(
            "Klasseledelse er lærerens evne til at skabe et positivt klima for læring, etablere "
            "arbejdsro og motivere eleverne til at arbejde. Thomas Nordahl peger på, at "
            "klasseledelse er en af de faktorer, der betyder mest for elevernes læring, og at "
            "det især er de elever, der i forvejen har det svært, som får gavn af tydelig "
            "struktur.",
            "Andreas Helmke beskriver effektiv klasseledelse som en forudsætning for al anden "
            "undervisningskvalitet: den tid, der går til uro, ventetid og skift, er tid, "
            "eleverne ikke lærer i. Gode klasseledere forebygger mere, end de griber ind.",
            "Tre greb går igen i forskningen: <strong>få og tydelige regler</strong>, formuleret "
            "positivt og håndhævet ens af alle voksne; <strong>faste rutiner</strong> for "
            "lektionens start, skift mellem aktiviteter og afslutning; og <strong>tydelige "
            "forventninger</strong> til, hvad eleverne skal lave, hvordan og hvor længe.",
            "Klasseledelse handler ikke om kontrol, men om at skabe forudsigelighed, så "
            "eleverne kan bruge deres energi på at lære. Det virker bedst, når teamet står "
            "sammen om de samme regler og rutiner på tværs af klasser og fag.",
        ),
        RHYTHM,
        reading(
            "Klasseledelse",
            "https://gyldendal.dk",
            "Thomas Nordahl, Gyldendal, 2012",
            "En kort og praktisk bog om, hvordan lærere kan skabe ro, struktur og gode "
            "relationer. Kapitlet om regler og rutiner hører til dette modul.",
        ),
        reading(
            "Undervisningskvalitet og lærerprofessionalitet",
            "https://dafolo.dk",
            "Andreas Helmke, Dafolo, 2013",
            "Helmkes model for god undervisning. Læs afsnittet om effektiv klasseledelse og "
            "tid til læring.",
        ),
        check(
            "Hvad kendetegner regler, der virker i klassen?",
            (
                "Mange og detaljerede regler, så alle situationer er dækket.",
                False,
                "Mange regler er svære at huske og at håndhæve ens. Eleverne oplever dem som "
                "vilkårlige, og de voksne bruger tiden på at håndhæve i stedet for at undervise.",
            ),
            (
                "Få, positivt formulerede regler, som alle voksne i teamet håndhæver ens og "
                "øver med eleverne.",
                True,
                "Få og tydelige regler, der bliver lært og øvet som alt andet, giver "
                "forudsigelighed. At alle voksne håndhæver dem ens, er det afgørende.",
            ),
            (
                "Regler, som eleverne selv finder på hvert skoleår, uden at lærerne blander sig.",
                False,
                "Det er godt at inddrage eleverne i at formulere reglerne, men lærerne har "
                "ansvaret for, at reglerne understøtter læring, og for at de bliver håndhævet.",
            ),
        ),
        discussion(
            "Gennemgå en helt almindelig lektionsstart i hver jeres klasse, minut for minut: "
            "Hvad sker der fra klokken ringer, til alle elever arbejder? Hvor længe tager det? "
            "Hvilke rutiner har I allerede, og hvor er I forskellige? Vælg tre regler og tre "
            "rutiner, som hele teamet vil bruge.",
            40,
        ),
        your_data(
            "KLA",
            "pupil",
            "Sådan svarer eleverne på jeres skole om klasseledelse, fx om der er ro i timerne, "
            "og om timerne begynder til tiden.",
        ),
        reflection(
            "Hvilken rutine i din undervisning sparer dig og eleverne mest tid – og hvilken "
            "kunne gøres tydeligere?",
        ),
    ),
    assignments=(
        AssignmentSpec(
            slug="faelles-regler-og-rutiner",
            title="Modulopgave 2a: Fælles regler og rutiner i teamet",
            task=_html(
                "Indfør de tre regler og tre rutiner, som teamet har valgt, i alle jeres klasser. "
                "Lær dem eleverne eksplicit: vis, øv og ros, når de bliver fulgt.",
                "Mål i den første og den sidste uge, hvor mange minutter der går fra lektionens "
                "start, til alle elever er i gang.",
            ),
            hand_in=_html(
                "Teamets regler og rutiner, jeres målinger fra første og sidste uge, og hvad "
                "I har set ændre sig hos eleverne, især hos de elever, der plejer at have det "
                "sværest.",
                FEEDBACK_FLOW,
            ),
            weeks=4,
        ),
        AssignmentSpec(
            slug="kollegial-observation",
            title="Modulopgave 2b: Kollegial observation af skift og overgange",
            task=_html(
                "Observér hinanden parvis i en lektion hver. Brug teamets observationsskema og "
                "se kun på skift og overgange: hvor lang tid tager de, hvad gør læreren, og hvad "
                "gør eleverne? Giv hinanden feedback efter lektionen ud fra de tre spørgsmål fra "
                "modul 1.",
            ),
            hand_in=_html(
                "De udfyldte observationsskemaer som én fil og en fælles opsamling: hvad "
                "kendetegner de skift, der gik hurtigt, og hvad vil I gøre anderledes?",
            ),
            weeks=2,
            file_expected=True,
        ),
    ),
)

FK_RELATIONS = ModuleSpec(
    slug="relationer-og-forventninger",
    title="Modul 3: Relationer og forventninger i klassen",
    kind="content",
    body=(
        text(
            "Relationen mellem lærer og elev har stor betydning for både elevernes trivsel og "
            "deres læring. Elever, der oplever, at læreren kan lide dem og tror på, at de kan "
            "lære meget, deltager mere og giver ikke så let op. Det gælder især de elever, der "
            "har det svært fagligt.",
            "Relationen er lærerens professionelle ansvar. Det er læreren, der tager initiativ, "
            "og som holder fast, også når en elev er svær at nå. Små, hyppige og positive "
            "kontakter betyder mere end de store samtaler.",
            "Lærernes forventninger smitter af på eleverne. Forventer vi mindre af nogle elever, "
            "giver vi dem ofte lettere opgaver, kortere ventetid og mindre feedback, uden at vi "
            "selv lægger mærke til det. I kortlægningen ser mange skoler, at drengene svarer "
            "lavere end pigerne om faglig trivsel. Se på, om jeres forventninger og jeres "
            "kontakt fordeler sig ens.",
            "Et enkelt greb er <strong>to gange ti</strong>: to minutters samtale om noget, "
            "der ikke handler om skolearbejdet, ti skoledage i træk, med en elev, man har en "
            "svag relation til.",
        ),
        RHYTHM,
        video(
            PIERSON,
            "Rita Pierson har været lærer i 40 år. Hun fortæller, at børn ikke lærer af voksne, "
            "de ikke kan lide, og at enhver elev har brug for en voksen, der aldrig giver op og "
            "insisterer på, at de bliver det bedste, de kan. Hun fortæller om en elev, der fik "
            "2 rigtige ud af 20, og som fik et “+2” og et smil på opgaven i stedet for “−18”, "
            "og om at undskylde over for eleverne, når man tager fejl. Relationer er ikke en "
            "pause fra undervisningen, men det, der gør den mulig.",
        ),
        reading(
            "The Influence of Affective Teacher–Student Relationships on Students' School "
            "Engagement and Achievement",
            "https://doi.org/10.3102/0034654311421793",
            "Debora L. Roorda, Helma M. Y. Koomen, Jantine L. Spilt og Frans J. Oort, Review of "
            "Educational Research 81(4), 2011",
            "En metaanalyse af 99 studier: positive relationer hænger sammen med elevernes "
            "engagement og læring, og sammenhængen er særlig stærk for elever, der i forvejen "
            "har det svært i skolen.",
        ),
        your_data(
            "REL",
            "pupil",
            "Sådan svarer eleverne på jeres skole om relationen til lærerne, fx om lærerne tror "
            "på, at de kan lære meget, og om de kan tale med en lærer, hvis de er kede af det.",
        ),
        discussion(
            "Tag udgangspunkt i jeres klasselister. Hvilke elever ved I mindst om? Hvilke elever "
            "får flest irettesættelser, og hvilke får flest positive henvendelser? Vælg hver "
            "tre elever, som I vil arbejde med i modulopgaven, og sørg for, at drenge med lav "
            "faglig trivsel er med.",
            30,
        ),
        check(
            "Hvem har ansvaret for relationen mellem lærer og elev?",
            (
                "Læreren og eleven har lige stort ansvar.",
                False,
                "Relationen er gensidig, men den er ikke ligeværdig: læreren er den "
                "professionelle voksne og har ansvaret for at tage initiativ og holde fast.",
            ),
            (
                "Læreren, som den professionelle voksne.",
                True,
                "Det er lærerens professionelle opgave at skabe og vedligeholde relationen, "
                "også til de elever, der er svære at nå.",
            ),
            (
                "Forældrene, fordi de kender barnet bedst.",
                False,
                "Forældrene er vigtige samarbejdspartnere, men de kan ikke skabe relationen "
                "mellem lærer og elev for læreren.",
            ),
        ),
        reflection(
            "Hvilke elever får flest og færrest af dine positive henvendelser i løbet af en dag?",
            "Tæl gerne efter i en lektion eller to, før du svarer.",
        ),
    ),
    assignments=(
        AssignmentSpec(
            slug="to-gange-ti",
            title="Modulopgave 3: To gange ti og elevsamtaler",
            task=_html(
                "Arbejd i tre uger med de tre elever, du valgte på teammødet. Brug to gange "
                "ti med hver af dem, og hold derefter en kort samtale med hver elev om, hvad der "
                "hjælper dem til at lære i din undervisning.",
                "Skriv kort log efter hver samtale: hvad sagde eleven, og hvad lagde du mærke til?",
            ),
            hand_in=_html(
                "Teamets fælles opsamling: hvad eleverne fortalte, hvad I så ændre sig i deres "
                "deltagelse og i jeres egen kontakt med dem, og hvilke greb I vil bruge over for "
                "flere elever.",
                FEEDBACK_FLOW,
            ),
            weeks=3,
        ),
    ),
)

FK_PUPIL_VOICE = ModuleSpec(
    slug="feedback-i-praksis-elevernes-stemme",
    title="Modul 4: Feedback i praksis – elevernes stemme",
    kind="content",
    body=(
        text(
            "Feedback går ikke kun fra lærer til elev. Ifølge John Hattie er feedback mest "
            "virkningsfuld, når den går fra eleverne til læreren: når læreren får at vide, hvad "
            "eleverne har forstået, hvor de sidder fast, og hvad der hjalp dem. Så kan "
            "læreren tilrettelægge næste lektion efter det.",
            "Der findes enkle redskaber: <strong>exit tickets</strong>, hvor eleverne ved "
            "lektionens slutning svarer på et eller to spørgsmål om dagens mål; "
            "<strong>trafiklys</strong>, hvor eleverne viser, hvor sikre de er; og korte "
            "<strong>elevsamtaler</strong> om undervisningen.",
            "Elever kan også give hinanden feedback, når de har klare kriterier at give den ud "
            "fra. Elev-til-elev-feedback træner eleverne i at se kvalitet i deres eget arbejde, "
            "og det er et skridt mod selvregulering.",
            "At spørge eleverne er også en del af elevinddragelse. Når eleverne oplever, at "
            "deres svar ændrer undervisningen, svarer de mere ærligt næste gang.",
        ),
        RHYTHM,
        reading(
            "Synlig læring – for lærere",
            "https://dafolo.dk",
            "John Hattie, Dafolo, 2013",
            "Kapitlet om feedback beskriver, hvordan læreren kan bruge elevernes svar til at "
            "se virkningen af sin undervisning.",
        ),
        check(
            "Hvad er det vigtigste formål med en exit ticket?",
            (
                "At give eleverne en karakter for dagens arbejde.",
                False,
                "En exit ticket er ikke en prøve. Bliver den brugt til karakterer, svarer "
                "eleverne mere forsigtigt, og læreren får et dårligere billede af deres "
                "forståelse.",
            ),
            (
                "At læreren kan se, hvad eleverne har forstået, og planlægge næste lektion "
                "derefter.",
                True,
                "Exit tickets er feedback til læreren. De virker kun, hvis svarene bliver brugt "
                "til at ændre næste lektion.",
            ),
            (
                "At sikre ro i klassen de sidste fem minutter.",
                False,
                "En fast afslutning kan give ro, men det er ikke formålet. Uden opfølgning på "
                "svarene bliver exit tickets en tom rutine.",
            ),
        ),
        your_data(
            "FEE",
            "staff",
            "Sådan svarer lærerne og pædagogerne på jeres skole om feedback, bl.a. om eleverne "
            "giver dem feedback på undervisningen.",
        ),
        discussion(
            "Hvordan får I i dag at vide, hvad eleverne har forstået i en lektion? Hvor "
            "ofte ændrer I jeres planlægning på grund af det, eleverne siger eller viser? Aftal, "
            "hvilke to spørgsmål I vil bruge på jeres exit tickets, og hvordan I samler svarene.",
            30,
        ),
        reflection(
            "Hvornår har du sidst ændret en lektion, fordi dine elever sagde eller viste noget?",
        ),
    ),
    assignments=(
        AssignmentSpec(
            slug="exit-tickets",
            title="Modulopgave 4: Exit tickets og elevernes feedback på undervisningen",
            task=_html(
                "Brug exit tickets i mindst tre lektioner om ugen i tre uger i en af dine klasser. "
                "Læs svarene samme dag, og skriv kort, hvad du ændrer i næste lektion.",
                "Lad eleverne en gang om ugen give hinanden feedback ud fra to eller tre "
                "kriterier, I har formuleret sammen med dem.",
            ),
            hand_in=_html(
                "En samlet oversigt over jeres exit tickets (spørgsmål og et udvalg af anonyme "
                "svar) som én fil, og teamets refleksion: hvad lærte I om elevernes forståelse, "
                "og hvad ændrede I?",
                FEEDBACK_FLOW,
            ),
            weeks=3,
            file_expected=True,
        ),
    ),
)

FK_CLOSING = ModuleSpec(
    slug="afslutning",
    title="Afslutning: Hvad har vi lært, og hvad fortsætter vi med?",
    kind="closing",
    body=(
        text(
            "I har nu arbejdet med feedback, klasseledelse og relationer i jeres egne klasser "
            "og fået feedback på jeres modulopgaver undervejs. I dette modul ser I tilbage på "
            "forløbet og beslutter, hvad der skal blive til fælles praksis i teamet.",
            "Forandringer i undervisningen viser sig ikke altid med det samme i kortlægningen. "
            "Den næste kortlægning viser, om jeres indsats har flyttet elevernes svar, og om "
            "skolens SMART-mål er nået. Indtil da er jeres egne iagttagelser, elevernes "
            "exit tickets og samtalerne med eleverne jeres bedste data.",
            "Forankring kræver aftaler: hvad gør vi fortsat, hvordan minder vi hinanden om det, "
            "og hvornår følger vi op? Skriv det ned, og del det med ledelsen.",
        ),
        your_data(
            "FAG",
            "pupil",
            "Jeres udgangspunkt for faglig trivsel. Hvad skal tallet være ved den næste "
            "kortlægning, for at I vil kalde forløbet en succes?",
        ),
        discussion(
            "Læg jeres modulbesvarelser og den feedback, I har fået, frem. Hvilke greb har gjort "
            "den største forskel for eleverne? Hvad var svært? Vælg tre greb, som hele teamet "
            "fortsætter med, og aftal, hvordan I følger op.",
            45,
        ),
        reflection(
            "Hvad er den vigtigste ændring i din egen praksis efter forløbet?",
            "Sammenlign med det, du skrev i introduktionsmodulet om, hvad du håbede, eleverne "
            "ville opleve.",
        ),
    ),
    assignments=(
        AssignmentSpec(
            slug="fortsaettelsesplan",
            title="Afsluttende opgave: Teamets fortsættelsesplan",
            task=_html(
                "Skriv sammen en kort plan for, hvordan I holder fast i det, I har lært. Planen "
                "skal kunne bruges på jeres teammøder resten af skoleåret.",
            ),
            hand_in=_html(
                "<ul><li>De tre greb, I fortsætter med, og hvorfor.</li>"
                "<li>Hvordan og hvornår I følger op i teamet.</li>"
                "<li>Hvilke resultater I vil se på ved den næste kortlægning.</li></ul>",
            ),
            weeks=2,
        ),
    ),
)

FEEDBACK_AND_CLASSROOM = PackageSpec(
    slug="feedback-og-klasseledelse",
    code="FK-01",
    title="Feedback og klasseledelse",
    summary=(
        "Et forløb for skolens team om feedback, der flytter elevernes læring, og "
        "klasseledelse, der giver ro, struktur og gode relationer. Teamet afprøver "
        "modulopgaver i egne klasser og får skriftlig og mundtlig feedback undervejs."
    ),
    audience="school_teams",
    estimated_weeks=16,
    intro=_html(
        "Kompetencepakken er til skoler, hvor kortlægningen viser, at eleverne oplever for "
        "lidt fremadrettet feedback, for lidt ro og struktur, eller at deres faglige trivsel er "
        "svag, fx at drengene ligger lavere end pigerne.",
        "Forløbet varer omkring 16 uger med en introduktion, fire indholdsmoduler og et "
        "afsluttende modul. Hvert indholdsmodul har en modulopgave, som teamet afprøver i "
        "klasserne i to til fire uger og afleverer sammen.",
    ),
    targets=(("FEE", 3), ("KLA", 3), ("FAG", 2)),
    modules=(FK_INTRO, FK_FEEDBACK, FK_CLASSROOM, FK_RELATIONS, FK_PUPIL_VOICE, FK_CLOSING),
)

# --------------------------------------------------------------------------- Klasseledelse og læringsmiljø

CLASSROOM_ENVIRONMENT = PackageSpec(
    slug="klasseledelse-og-laeringsmiljoe",
    code="KL-02",
    title="Klasseledelse og læringsmiljø",
    summary=(
        "Et kort forløb om ro, struktur og tydelige forventninger i timerne og om et "
        "læringsmiljø, hvor alle elever er en del af fællesskabet."
    ),
    audience="school_teams",
    estimated_weeks=7,
    intro=_html(
        "Til team, hvor eleverne svarer, at der er uro i timerne, eller at de ikke altid ved, "
        "hvad de skal lave. To moduler med hver sin modulopgave."
    ),
    targets=(("KLA", 3), ("SOC", 1)),
    modules=(
        ModuleSpec(
            slug="ro-struktur-og-forventninger",
            title="Modul 1: Ro, struktur og tydelige forventninger",
            kind="content",
            body=(
                text(
                    "Arbejdsro er ikke et mål i sig selv, men en forudsætning for, at eleverne "
                    "kan koncentrere sig og lære. Ro opstår sjældent af sig selv; den skabes af "
                    "lærere, der planlægger lektionens forløb, gør forventningerne tydelige og "
                    "griber tidligt og roligt ind.",
                    "Tydelige forventninger betyder, at eleverne til enhver tid kan svare på tre "
                    "spørgsmål: Hvad skal jeg lave? Hvordan skal jeg gøre det? Hvad gør jeg, "
                    "når jeg er færdig? Skriv svarene på tavlen, og vis dem, før eleverne går i "
                    "gang.",
                    "De første fem minutter af en lektion sætter tonen. En fast start med en "
                    "kort opgave, der kan løses uden hjælp, giver læreren tid til at tage imod "
                    "eleverne og komme i gang uden ventetid.",
                ),
                reading(
                    "Klasseledelse",
                    "https://gyldendal.dk",
                    "Thomas Nordahl, Gyldendal, 2012",
                    "Kapitlerne om struktur og forventninger.",
                ),
                your_data(
                    "KLA",
                    "pupil",
                    "Sådan svarer eleverne på jeres skole om ro og orden i timerne.",
                ),
                check(
                    "Eleverne er længe om at komme i gang efter frikvarteret. Hvad hjælper mest?",
                    (
                        "En fast startopgave på tavlen, som alle kan gå i gang med straks.",
                        True,
                        "En fast startopgave gør forventningen tydelig og giver læreren tid til "
                        "at tage imod eleverne.",
                    ),
                    (
                        "At vente, til alle er stille, før lektionen begynder.",
                        False,
                        "At vente lærer eleverne, at lektionen først begynder, når de sidste er "
                        "klar. Det koster tid for dem, der er klar.",
                    ),
                ),
                discussion(
                    "Beskriv for hinanden, hvordan jeres lektioner begynder. Hvad gør I, der "
                    "virker? Aftal en fælles start, som I alle bruger i de næste tre uger.",
                    30,
                ),
                RHYTHM,
                reflection("Hvad skal dine elever gøre i de første fem minutter af en lektion?"),
            ),
            assignments=(
                AssignmentSpec(
                    slug="de-foerste-fem-minutter",
                    title="Modulopgave: Lektionens første fem minutter",
                    task=_html(
                        "Brug teamets fælles lektionsstart i tre uger. Mål i første og sidste uge, "
                        "hvor mange minutter der går, før alle elever arbejder."
                    ),
                    hand_in=_html(
                        "Jeres fælles lektionsstart, målingerne før og efter, og hvad I har lært.",
                        FEEDBACK_FLOW,
                    ),
                    weeks=3,
                ),
            ),
        ),
        ModuleSpec(
            slug="laeringsmiljoe-og-faellesskab",
            title="Modul 2: Læringsmiljø og fællesskab i klassen",
            kind="content",
            body=(
                text(
                    "Elever lærer bedst i et klassefællesskab, hvor de føler sig trygge og "
                    "accepterede. Social trivsel og faglig læring hænger sammen: den elev, der "
                    "er bange for at sige noget forkert foran de andre, deltager mindre.",
                    "Læreren kan styrke fællesskabet gennem faste samarbejdsstrukturer, hvor "
                    "alle har en rolle, og hvor læreren og ikke eleverne sætter grupperne. Så "
                    "ingen bliver valgt fra, og eleverne lærer at arbejde sammen med andre end "
                    "deres nærmeste venner.",
                ),
                your_data(
                    "SOC",
                    "pupil",
                    "Sådan svarer eleverne på jeres skole om social trivsel, fx om de føler sig "
                    "som en del af fællesskabet i klassen.",
                ),
                discussion(
                    "Hvem bestemmer, hvem eleverne arbejder sammen med i jeres klasser? Hvilke "
                    "elever står oftest alene? Vælg to samarbejdsstrukturer, som I vil bruge.",
                    30,
                ),
                reflection(
                    "Hvilken elev i din klasse har mest brug for, at du styrker vedkommendes "
                    "plads i fællesskabet?"
                ),
            ),
            assignments=(
                AssignmentSpec(
                    slug="samarbejdsstrukturer",
                    title="Modulopgave: Fællesskab gennem faste samarbejdsstrukturer",
                    task=_html(
                        "Brug de to valgte samarbejdsstrukturer mindst tre gange om ugen i tre "
                        "uger, med grupper, som I sætter. Læg mærke til de elever, der plejer at "
                        "stå uden for."
                    ),
                    hand_in=_html(
                        "Hvad I gjorde, hvad I så hos eleverne, og hvad I fortsætter med.",
                        FEEDBACK_FLOW,
                    ),
                    weeks=3,
                ),
            ),
        ),
    ),
)

# --------------------------------------------------------------------------- Relationer og mobning

RELATIONS_AND_BULLYING = PackageSpec(
    slug="relationer-og-mobning",
    code="RM-03",
    title="Relationer og mobning",
    summary=(
        "Om relationen mellem lærer og elev og om at forebygge mobning ved at arbejde med "
        "klassens fællesskab frem for kun med de enkelte elever."
    ),
    audience="school_teams",
    estimated_weeks=7,
    intro=_html(
        "Til team, hvor eleverne svarer, at de har en svag relation til lærerne, eller hvor "
        "mange elever eller forældre oplever mobning."
    ),
    targets=(("REL", 3), ("MOB", 3), ("SOC", 2)),
    modules=(
        ModuleSpec(
            slug="relationer-mellem-laerer-og-elev",
            title="Modul 1: Relationer mellem lærer og elev",
            kind="content",
            body=(
                text(
                    "Elever, der har en god relation til deres lærere, deltager mere, trives "
                    "bedre og lærer mere. Relationen bygges i de små øjeblikke: en hilsen ved "
                    "døren, et spørgsmål om weekenden, en opmærksomhed, når eleven kæmper med "
                    "en opgave.",
                    "Det er lærerens ansvar at tage initiativet, også over for de elever, man "
                    "har sværest ved at nå. Et relationskort, hvor teamet sammen ser på, hvem "
                    "der har en god voksenrelation, og hvem der ikke har, gør det synligt, hvem "
                    "der har brug for mere.",
                ),
                video(
                    PIERSON,
                    "Rita Pierson fortæller, at børn ikke lærer af voksne, de ikke kan lide, "
                    "og at enhver elev har brug for en voksen, der aldrig giver op.",
                ),
                your_data(
                    "REL",
                    "pupil",
                    "Sådan svarer eleverne på jeres skole om relationen til lærerne.",
                ),
                discussion(
                    "Lav et relationskort for en af jeres klasser: skriv for hver elev, hvem i "
                    "teamet der har en god relation til eleven. Hvilke elever har ingen?",
                    40,
                ),
                reflection("Hvilken elev vil du opsøge i morgen, og hvordan?"),
            ),
            assignments=(
                AssignmentSpec(
                    slug="relationskortet",
                    title="Modulopgave: Relationskortet",
                    task=_html(
                        "Fordel de elever, der ikke har en god voksenrelation, mellem jer. Opsøg "
                        "dem dagligt i tre uger, og lav relationskortet igen til sidst."
                    ),
                    hand_in=_html(
                        "Relationskortet før og efter (anonymiseret) og jeres erfaringer.",
                        FEEDBACK_FLOW,
                    ),
                    weeks=3,
                    file_expected=True,
                ),
            ),
        ),
        ModuleSpec(
            slug="mobning-som-sociale-processer",
            title="Modul 2: Mobning som sociale processer",
            kind="content",
            body=(
                text(
                    "Forskningen i mobning har flyttet blikket fra de enkelte elever, der "
                    "mobber eller bliver mobbet, til fællesskabet. Mobning opstår, når et "
                    "fællesskab er utrygt, og eleverne er bange for selv at blive holdt ude. "
                    "At udpege en syndebuk kan så blive en måde at høre til på.",
                    "Derfor virker indsatser, der styrker hele klassens fællesskab, bedre end "
                    "indsatser, der kun handler om de enkelte elever. Alle skoler skal have en "
                    "antimobbestrategi; det afgørende er, om den bliver brugt i klasserne.",
                    "På kortlægningens skala betyder en højere score på mobning, at færre "
                    "elever oplever at blive mobbet.",
                ),
                reading(
                    "Mobning. Sociale processer på afveje",
                    "https://hansreitzel.dk",
                    "Jette Kofoed og Dorte Marie Søndergaard (red.), Hans Reitzels Forlag, 2009",
                    "Grundbogen om mobning som sociale processer i et fællesskab.",
                ),
                reading(
                    "Mobning og antimobbestrategi",
                    "https://dcum.dk",
                    "Dansk Center for Undervisningsmiljø (DCUM)",
                    "Vejledning og materialer til skolens antimobbestrategi.",
                ),
                your_data(
                    "MOB",
                    "pupil",
                    "Sådan svarer eleverne på jeres skole om mobning. En højere score betyder, "
                    "at færre elever oplever mobning.",
                ),
                check(
                    "Hvad peger forskningen på som den bedste forebyggelse af mobning?",
                    (
                        "At finde og straffe de elever, der mobber.",
                        False,
                        "Konsekvenser kan være nødvendige, men de ændrer ikke det utrygge "
                        "fællesskab, som mobningen opstår i.",
                    ),
                    (
                        "At styrke hele klassens fællesskab, så ingen behøver at frygte at blive "
                        "holdt ude.",
                        True,
                        "Når fællesskabet er trygt, mister mobningen sin funktion.",
                    ),
                ),
                discussion(
                    "Hvordan bruges skolens antimobbestrategi i jeres klasser i dag? Hvad gør I, "
                    "når I ser, at en elev bliver holdt ude?",
                    30,
                ),
                reflection("Hvad gør du for, at alle elever i din klasse oplever at høre til?"),
            ),
            assignments=(
                AssignmentSpec(
                    slug="klassens-faellesskab",
                    title="Modulopgave: Klassens fællesskab og antimobbestrategien i praksis",
                    task=_html(
                        "Planlæg og gennemfør sammen tre aktiviteter, der styrker fællesskabet i "
                        "hver jeres klasse, fx klassemøder eller faste makkerpar på tværs af "
                        "vennegrupper. Spørg eleverne før og efter, om de føler sig som en del af "
                        "klassen."
                    ),
                    hand_in=_html(
                        "Aktiviteterne, elevernes svar før og efter, og hvad I vil foreslå, at "
                        "skolens antimobbestrategi kommer til at indeholde.",
                        FEEDBACK_FLOW,
                    ),
                    weeks=4,
                ),
            ),
        ),
    ),
)

# --------------------------------------------------------------------------- Motivation og elevinddragelse

MOTIVATION_AND_PARTICIPATION = PackageSpec(
    slug="motivation-og-elevinddragelse",
    code="ME-04",
    title="Motivation og elevinddragelse",
    summary=(
        "Om elevernes lyst til at lære, og om at give dem reel indflydelse på, hvad og "
        "hvordan de arbejder."
    ),
    audience="school_teams",
    estimated_weeks=7,
    intro=_html(
        "Til team, hvor eleverne svarer, at de keder sig i timerne, eller at de sjældent har "
        "indflydelse på undervisningen."
    ),
    targets=(("MOT", 3), ("IND", 3), ("FAG", 1)),
    modules=(
        ModuleSpec(
            slug="motivation",
            title="Modul 1: Motivation – selvbestemmelse, mestring og tilhørsforhold",
            kind="content",
            body=(
                text(
                    "Ifølge selvbestemmelsesteorien (Edward Deci og Richard Ryan) vokser "
                    "motivationen indefra, når tre behov er opfyldt: <strong>selvbestemmelse</strong> "
                    "(jeg har noget at skulle have sagt), <strong>kompetence</strong> (jeg kan "
                    "mestre det, hvis jeg prøver) og <strong>tilhørsforhold</strong> (jeg hører "
                    "til her).",
                    "Belønninger og straf kan få eleverne til at gøre noget her og nu, men de "
                    "underminerer ofte lysten på længere sigt. Opgaver, der er svære nok til at "
                    "udfordre og lette nok til at lykkes med hjælp, og reelle valg giver mere "
                    "varig motivation.",
                ),
                video(
                    PINK,
                    "Dan Pink gennemgår forskning, der viser, at belønning virker på enkle, "
                    "mekaniske opgaver, men gør os dårligere til opgaver, der kræver kreativ "
                    "tænkning. Det, der driver os, er selvbestemmelse, mestring og mening.",
                ),
                reading(
                    "Self-Determination Theory",
                    "https://selfdeterminationtheory.org",
                    "Center for Self-Determination Theory",
                    "Teoriens hjemmeside med korte introduktioner og forskning om skolen.",
                ),
                your_data(
                    "MOT",
                    "pupil",
                    "Sådan svarer eleverne på jeres skole om motivation, fx om undervisningen er "
                    "spændende, og om de glæder sig til at komme i skole.",
                ),
                discussion(
                    "Hvor i jeres undervisning har eleverne reelle valg? Hvilke elever oplever "
                    "sjældent at mestre noget? Vælg et forløb, hvor I giver eleverne mere "
                    "selvbestemmelse.",
                    30,
                ),
                reflection(
                    "Hvornår så du sidst en elev, der var optaget af at lære? Hvad skete der?"
                ),
            ),
            assignments=(
                AssignmentSpec(
                    slug="valg-og-mestring",
                    title="Modulopgave: Valg og mestring i et forløb",
                    task=_html(
                        "Planlæg et forløb på tre uger, hvor eleverne vælger mellem mindst to måder "
                        "at arbejde med målene på, og hvor alle får mindst én oplevelse af at "
                        "mestre noget svært."
                    ),
                    hand_in=_html(
                        "Forløbet, de valg eleverne havde, og hvad I så ændre sig i deres "
                        "engagement.",
                        FEEDBACK_FLOW,
                    ),
                    weeks=3,
                ),
            ),
        ),
        ModuleSpec(
            slug="elevinddragelse",
            title="Modul 2: Elevinddragelse – elevernes stemme i undervisningen",
            kind="content",
            body=(
                text(
                    "Elevinddragelse handler om, at eleverne får reel indflydelse på deres "
                    "egen læring: på mål, arbejdsformer og på, hvordan undervisningen kan blive "
                    "bedre. Det er ikke det samme som at lade eleverne bestemme alt.",
                    "Inddragelsen virker, når eleverne kan se, at deres forslag bliver brugt, "
                    "eller får at vide, hvorfor de ikke gør. Et elevpanel, hvor nogle elever "
                    "fast giver teamet feedback på et forløb, er en enkel begyndelse.",
                ),
                reading(
                    "Elevinddragelse i undervisningen",
                    "https://www.eva.dk/grundskole",
                    "Danmarks Evalueringsinstitut (EVA)",
                    "EVA's undersøgelser og inspiration om elevernes deltagelse og indflydelse.",
                ),
                your_data(
                    "IND",
                    "pupil",
                    "Sådan svarer eleverne på jeres skole om elevinddragelse, fx om lærerne "
                    "spørger, hvad de synes om undervisningen.",
                ),
                discussion(
                    "Hvad har eleverne i jeres klasser haft indflydelse på i denne måned? Hvad "
                    "kunne de få indflydelse på, uden at målene for undervisningen skrider?",
                    30,
                ),
                reflection(
                    "Hvad vil du spørge dine elever om i næste uge, og hvad gør du med svaret?"
                ),
            ),
            assignments=(
                AssignmentSpec(
                    slug="elevpanel",
                    title="Modulopgave: Elevpanel om undervisningen",
                    task=_html(
                        "Sammensæt et elevpanel i hver klasse, der mødes med jer to gange og giver "
                        "feedback på et forløb. Brug mindst et af elevernes forslag."
                    ),
                    hand_in=_html(
                        "Hvad eleverne foreslog, hvad I ændrede, og hvordan eleverne oplevede det.",
                        FEEDBACK_FLOW,
                    ),
                    weeks=3,
                ),
            ),
        ),
    ),
)

# --------------------------------------------------------------------------- Forældresamarbejde

PARENT_COOPERATION = PackageSpec(
    slug="foraeldresamarbejde",
    code="FS-05",
    title="Forældresamarbejde",
    summary=(
        "Om at gøre forældrene til medspillere i elevernes læring gennem forældremøder og "
        "skole-hjem-samtaler, der handler om læring."
    ),
    audience="school_teams",
    estimated_weeks=8,
    intro=_html(
        "Til team, hvor forældrene svarer, at de får for lidt information om deres barns "
        "faglige udvikling, eller at de ikke ved, hvordan de kan støtte barnets læring."
    ),
    targets=(("FOR", 3),),
    modules=(
        ModuleSpec(
            slug="foraeldre-som-medspillere",
            title="Modul 1: Forældre som medspillere i elevernes læring",
            kind="content",
            body=(
                text(
                    "Forældrenes engagement i barnets skolegang har stor betydning for barnets "
                    "læring. Det, der betyder mest, er ikke forældrenes deltagelse i "
                    "arrangementer på skolen, men deres forventninger og interesse derhjemme: "
                    "at de spørger til skolen, taler om det, barnet lærer, og viser, at de tror "
                    "på barnet.",
                    "Skolen kan hjælpe forældrene med at støtte læringen ved at fortælle konkret, "
                    "hvad klassen arbejder med, og hvad forældrene kan gøre. Mange forældre vil "
                    "gerne, men ved ikke hvordan.",
                ),
                reading(
                    "Hjem og skole. Hvordan skaber man et bedre samarbejde?",
                    "https://hansreitzel.dk",
                    "Thomas Nordahl, Hans Reitzels Forlag, 2008",
                    "Om forældresamarbejde, der tager udgangspunkt i elevernes læring.",
                ),
                your_data(
                    "FOR",
                    "parent",
                    "Sådan svarer forældrene på jeres skole om samarbejdet med skolen.",
                ),
                discussion(
                    "Hvad handlede jeres sidste forældremøde om? Hvor meget af tiden handlede "
                    "om elevernes læring, og hvad kunne forældrene bruge derhjemme?",
                    30,
                ),
                reflection(
                    "Hvad vil du gerne have, at forældrene i din klasse ved om deres barns læring?"
                ),
            ),
            assignments=(
                AssignmentSpec(
                    slug="foraeldremoede-om-laering",
                    title="Modulopgave: Forældremøde med fokus på læring",
                    task=_html(
                        "Planlæg og hold et forældremøde, hvor mindst halvdelen af tiden handler "
                        "om, hvad eleverne lærer, og hvordan forældrene kan støtte det. Bed "
                        "forældrene om en kort evaluering."
                    ),
                    hand_in=_html(
                        "Dagsordenen, forældrenes evaluering som én fil og jeres refleksion.",
                        FEEDBACK_FLOW,
                    ),
                    weeks=4,
                    file_expected=True,
                ),
            ),
        ),
        ModuleSpec(
            slug="den-gode-skole-hjem-samtale",
            title="Modul 2: Den gode skole-hjem-samtale",
            kind="content",
            body=(
                text(
                    "En god skole-hjem-samtale handler om barnets læring og trivsel og ender med "
                    "aftaler, som både skole, hjem og elev kan handle på. Når eleven selv "
                    "forbereder sig og deltager aktivt, bliver samtalen mere konkret.",
                    "Forbered samtalen sammen med eleven: Hvad er jeg god til? Hvad vil jeg "
                    "blive bedre til? Hvad kan min lærer og mine forældre gøre for at hjælpe?",
                ),
                your_data(
                    "FOR",
                    "parent",
                    "Forældrenes svar, bl.a. om skole-hjem-samtalerne er nyttige.",
                ),
                discussion(
                    "Hvem taler mest i jeres skole-hjem-samtaler? Hvordan kan eleven få en "
                    "større rolle?",
                    25,
                ),
                reflection("Hvilken aftale fra din sidste skole-hjem-samtale blev fulgt op?"),
            ),
            assignments=(
                AssignmentSpec(
                    slug="trepartssamtaler",
                    title="Modulopgave: Trepartssamtaler med eleven i centrum",
                    task=_html(
                        "Hold skole-hjem-samtaler, som eleverne har forberedt ud fra de tre "
                        "spørgsmål, og skriv aftalerne ned sammen med eleven og forældrene."
                    ),
                    hand_in=_html(
                        "Forberedelsesarket, eksempler på aftaler og jeres erfaringer.",
                        FEEDBACK_FLOW,
                    ),
                    weeks=3,
                ),
            ),
        ),
    ),
)

# --------------------------------------------------------------------------- PLC og data

PLC_AND_DATA = PackageSpec(
    slug="plc-og-data",
    code="PL-06",
    title="PLC og data",
    summary=(
        "For skolens ledelsesteam: at læse kortlægningen, omsætte den til en strategisk plan "
        "og en implementeringsplan og lede teamenes arbejde som professionelle "
        "læringsfællesskaber."
    ),
    audience="leadership_teams",
    estimated_weeks=10,
    intro=_html(
        "Ledelsesteamets eget forløb i Program for læringsledelse: fra kvalitetsprofil til "
        "strategisk plan og implementeringsplan, og fra plan til teamenes praksis."
    ),
    targets=(("PLF", 3), ("LED", 2)),
    modules=(
        ModuleSpec(
            slug="laes-jeres-kortlaegning",
            title="Læs jeres kortlægning",
            kind="content",
            body=(
                text(
                    "Kortlægningen giver skolen en kvalitetsprofil for elevernes læring og "
                    "trivsel set fra elever, forældre, medarbejdere og ledelse. Resultaterne "
                    "vises på en 500-pointskala som i PISA: gennemsnittet for hele programmet "
                    "ved den første kortlægning er 500, og omkring to tredjedele af svarene "
                    "ligger mellem 400 og 600.",
                    "Hvert resultat har et usikkerhedsinterval. Er intervallet bredt, fx fordi "
                    "få har svaret, skal I være forsigtige med at drage konklusioner. Forskelle "
                    "på få point er sjældent vigtige; forskelle på 20–30 point er.",
                    "Se efter tre ting: hvor ligger skolen under programmet eller kommunen, "
                    "hvor er der store forskelle mellem elevgrupper, fx mellem drenge og piger, "
                    "og hvordan har resultaterne udviklet sig siden sidste kortlægning?",
                    "Data skal bruges til udvikling, ikke til kontrol. Programmet bygger på fire "
                    "spørgsmål: Hvad skal eleverne vide og kunne? Hvordan ser vi, om de har lært "
                    "det? Hvad gør vi for de elever, der har det svært, og for de dygtigste? "
                    "Hvordan forbedrer vi vores professionelle praksis?",
                ),
                video(
                    HATTIE,
                    "John Hattie taler om, at lærernes ekspertise er den største ressource i "
                    "skolen, og at ledelsens opgave er at gøre virkningen af undervisningen "
                    "synlig og samle lærerne om at undersøge den.",
                ),
                reading(
                    "Elevcentreret skoleledelse",
                    "https://dafolo.dk",
                    "Viviane Robinson, Dafolo, 2015",
                    "Robinsons fem ledelsesdimensioner; læs især om at lede lærernes læring og "
                    "udvikling.",
                ),
                reading(
                    "Hvordan bliver vi bedre med data?",
                    "https://dafolo.dk",
                    "Ole Hansen og Anne-Karin Sunnevåg (red.), Dafolo, 2020",
                    "Om brug af kortlægningsresultater i professionelle læringsfællesskaber.",
                ),
                check(
                    "Skolens elever scorer 492 på faglig trivsel, og programmets gennemsnit er "
                    "500. Usikkerhedsintervallet er 478–506. Hvad kan I konkludere?",
                    (
                        "At skolen ligger klart under programmet.",
                        False,
                        "Intervallet rummer 500, så forskellen kan skyldes tilfældigheder. Se "
                        "efter større forskelle eller forskelle mellem elevgrupper.",
                    ),
                    (
                        "At skolen ligger omkring programmets niveau; forskellen er for lille til "
                        "at bygge en indsats på alene.",
                        True,
                        "Otte point med et interval, der rummer 500, er ikke en sikker forskel.",
                    ),
                ),
                your_data(
                    "PLF",
                    "staff",
                    "Sådan svarer medarbejderne om det professionelle læringsfællesskab, fx om de "
                    "drøfter data om elevernes læring i teamet.",
                ),
                your_data(
                    "LED",
                    "staff",
                    "Sådan svarer medarbejderne om ledelsen, fx om ledelsen følger op på "
                    "elevernes læring.",
                ),
                discussion(
                    "Gå skolens kvalitetsprofil igennem i ledelsesteamet. Vælg højst tre "
                    "områder, som skolen skal arbejde med, og begrund valget med data.",
                    60,
                ),
                reflection("Hvilket resultat i kortlægningen overraskede dig mest, og hvorfor?"),
            ),
            assignments=(
                AssignmentSpec(
                    slug="strategisk-plan",
                    title="Modulopgave 1: Strategisk plan",
                    task=_html(
                        "Skriv skolens strategiske plan på baggrund af kortlægningen: de valgte "
                        "indsatsområder, hvorfor, og SMART-mål for hvert område til den næste "
                        "kortlægning."
                    ),
                    hand_in=_html("Den strategiske plan som én fil.", FEEDBACK_FLOW),
                    weeks=4,
                    file_expected=True,
                ),
                AssignmentSpec(
                    slug="implementeringsplan",
                    title="Modulopgave 2: Implementeringsplan",
                    task=_html(
                        "Omsæt den strategiske plan til en implementeringsplan: hvilke team "
                        "arbejder med hvilke kompetencepakker hvornår, hvem giver feedback, og "
                        "hvordan følger ledelsen op?"
                    ),
                    hand_in=_html("Implementeringsplanen som én fil.", FEEDBACK_FLOW),
                    weeks=4,
                    file_expected=True,
                ),
            ),
        ),
        ModuleSpec(
            slug="ledelse-af-professionelle-laeringsfaellesskaber",
            title="Modul 2: Ledelse af professionelle læringsfællesskaber",
            kind="content",
            body=(
                text(
                    "Et professionelt læringsfællesskab er et team, der arbejder sammen om "
                    "elevernes læring med fælles mål, data og systematisk opfølgning. Det opstår "
                    "ikke af sig selv: ledelsen skal sætte rammen, tid og retning og være tæt "
                    "på teamenes arbejde.",
                    "Ledelse tæt på betyder, at ledelsen deltager i teamenes drøftelser, giver "
                    "feedback på modulopgaverne og følger op på aftalerne, uden at tage "
                    "ansvaret fra teamet.",
                ),
                your_data(
                    "PLF",
                    "leader",
                    "Sådan svarer skolens ledere om de professionelle læringsfællesskaber.",
                ),
                discussion(
                    "Hvordan ser et godt teammøde ud på jeres skole? Hvor ofte er ledelsen med, "
                    "og hvad gør ledelsen, når den er med?",
                    40,
                ),
                reflection("Hvad vil du gøre anderledes på det næste teammøde, du deltager i?"),
            ),
            assignments=(
                AssignmentSpec(
                    slug="moedestruktur-for-datadroeftelser",
                    title="Modulopgave: Mødestruktur for teamenes datadrøftelser",
                    task=_html(
                        "Udarbejd sammen med teamkoordinatorerne en fast mødestruktur for "
                        "teamenes drøftelser af data og modulopgaver, og afprøv den i to team."
                    ),
                    hand_in=_html("Mødestrukturen og erfaringerne fra de to team.", FEEDBACK_FLOW),
                    weeks=3,
                ),
            ),
        ),
    ),
)

CATALOGUE_SLUG = "kompetencepakker"
CATALOGUE_TITLE = "Kompetencepakker"
CATALOGUE_INTRO = _html(
    "Kompetencepakkerne er udviklet af COK til skolernes team og ledelser i Program for "
    "læringsledelse. Hver pakke tager udgangspunkt i områder, hvor kortlægningen viser, at "
    "der er brug for en indsats, og består af moduler med læsning, video, drøftelser i teamet "
    "og modulopgaver, som teamet afprøver i praksis og får feedback på."
)

PACKAGES: tuple[PackageSpec, ...] = (
    FEEDBACK_AND_CLASSROOM,
    CLASSROOM_ENVIRONMENT,
    RELATIONS_AND_BULLYING,
    MOTIVATION_AND_PARTICIPATION,
    PARENT_COOPERATION,
    PLC_AND_DATA,
)
