"""What an email is about: a small scikit-learn model, explained by the words that drove it.

The matter labels a thread ("Medical", "Trips and events") so the digest can route it to
the right person, and keeps two emails about clearly different things in separate threads.
Callers see :func:`guess_matter` and :class:`MatterGuess`; the model behind them is trained
in-process from examples bundled with the package (``classifiers/data/matter_examples.jsonl``,
British parent emails labelled by hand) plus the school's own corrections.

How it decides: a linear SVM (one-vs-rest) over three blocks of features of subject and
body together:

- TF-IDF of the words and word pairs ("off sick", "parentpay", "residential");
- TF-IDF of character 3–5-grams within words, so "temprature", "ehcp's" and "Calpol" count;
- one column per matter holding the weight of the hand-written keyword rules below
  (each rule: a phrase in school vocabulary and a weight; a subject hit counts double, as
  a subject is the parent's own one-line summary). The rules carry knowledge the examples
  lack (a drug name never seen in training) and the case-sensitive acronyms (SEND vs send,
  ADD vs add) that lower-cased words lose.

The SVM's scores become probabilities by a softmax with a temperature fitted on held-out
folds (:data:`_TEMPERATURE`). ``MatterGuess.evidence`` names the present words and rule
keywords that pushed the winning matter up most; ``alternatives`` the runners-up.

Training takes a fraction of a second, so nothing is pickled: :func:`default_model` trains
once per process on first use, and the nightly job retrains with staff corrections
(``steward thread set-category``) via :func:`train` and :func:`set_default_model`.
Corrections weigh :data:`CORRECTION_WEIGHT` times a bundled example, so a school's own
vocabulary wins. scikit-learn is imported only when a model is first needed: importing this
module stays cheap, and a cycle with nothing new never pays for it.

Must catch: subject "Oliver off sick", body "He has a temperature" → attendance.
Must not: "Re: Out of school club" is not attendance; "Year 6 residential" is trips, not
a meeting or admissions; "complaining of a sore throat" is not a complaint.

Safeguarding words here only choose a label. The high-recall safeguarding classifier that
alerts the DSL is a separate module and does not depend on this guess.
"""

from __future__ import annotations

import functools
import json
import math
import re
import threading
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MATTERS: tuple[str, ...] = (
    "attendance",
    "medical",
    "sen",
    "behaviour",
    "learning",
    "wellbeing",
    "safeguarding",
    "payments",
    "catering",
    "uniform",
    "trips",
    "transport",
    "complaint",
    "meeting",
    "admissions",
    "general",
)

MATTER_LABELS: dict[str, str] = {
    "attendance": "Attendance and absence",
    "medical": "Medical and medication",
    "sen": "SEN and additional needs",
    "behaviour": "Behaviour and bullying",
    "learning": "Learning and homework",
    "wellbeing": "Wellbeing and mental health",
    "safeguarding": "Safeguarding concern",
    "payments": "Payments and ParentPay",
    "catering": "School meals and lunches",
    "uniform": "Uniform and PE kit",
    "trips": "Trips and events",
    "transport": "Transport and collection",
    "complaint": "Complaint",
    "meeting": "Meeting request",
    "admissions": "Admissions and school places",
    "general": "General enquiry",
}

BUNDLED_EXAMPLES = Path(__file__).with_name("data") / "matter_examples.jsonl"
# A staff correction counts this many times a bundled example (sample weight).
CORRECTION_WEIGHT = 3.0
# Keyword rules: a subject hit counts this many times a body hit.
SUBJECT_WEIGHT = 2.0
# Bodies beyond this are not read: the matter is in the first paragraphs, and a pasted
# document must not cost time.
MAX_TEXT_CHARS = 5_000
# Regularisation of the linear SVM (scikit-learn's default; bench/matter.py found 0.5-2
# within noise of each other).
_C = 1.0
# Scale of the keyword-rule columns relative to the unit-length TF-IDF blocks. Without them
# held-out accuracy drops by about 0.1; above 1 the rules start to overrule the examples.
_RULE_SCALE = 0.5
# SVM scores → probabilities: softmax(score × temperature). Fitted on held-out folds by
# bench/matter.py (lowest log-loss; mean confidence then matches accuracy).
_TEMPERATURE = 6.0
# How many words of evidence and how many alternatives a guess carries.
_EVIDENCE_SIZE = 6
_ALTERNATIVES = 3


@dataclass(frozen=True)
class MatterGuess:
    """A matter from :data:`MATTERS`, a confidence in [0, 1), and what it rests on.

    ``evidence`` is the words in the email that pushed this matter up most, strongest
    first; ``alternatives`` the next most likely matters and their probabilities.
    An email with no words at all is ``MatterGuess("general", 0.0, ())``.
    """

    matter: str
    score: float
    evidence: tuple[str, ...]
    alternatives: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True)
class Example:
    """One labelled email: a bundled example (weight 1) or a staff correction (heavier)."""

    subject: str
    text: str
    matter: str
    weight: float = 1.0

    def __post_init__(self) -> None:
        if self.matter not in MATTERS:
            raise ValueError(f"matter: expected one of {', '.join(MATTERS)}, got {self.matter!r}")
        if not self.weight > 0:
            raise ValueError(f"weight: expected a positive number, got {self.weight!r}")


@dataclass(frozen=True)
class _Rule:
    matter: str
    keyword: str  # what the evidence shows
    weight: float
    pattern: re.Pattern[str]  # the whole rule, for text as written
    exact_case: bool = False
    # For rules that ignore case: the phrase alone, without the leading word boundary, to run
    # on lower-cased text. A pattern that starts with letters lets the regex engine skip
    # ahead to them; the boundary is checked by hand (``_search``). About 2.5× faster.
    core: re.Pattern[str] | None = None


def _rule(
    matter: str, weight: float, keyword: str, regex: str | None = None, *, exact_case: bool = False
) -> _Rule:
    """A rule for ``keyword`` as a whole phrase (spaces also match hyphens, an apostrophe is
    optional), or for ``regex`` when the phrase needs more freedom. ``exact_case`` is for
    acronyms that are also ordinary words: SEND/send, ADD/add, TA/ta, SALT/salt."""
    if regex is None:
        parts = [re.escape(w).replace("'", "'?") for w in keyword.lower().split()]
        regex = r"[\s\-]+".join(parts)
    flags = 0 if exact_case else re.IGNORECASE
    pattern = re.compile(rf"(?<!\w)(?:{regex})(?!\w)", flags)
    core = None if exact_case else re.compile(rf"(?:{regex})(?!\w)")
    return _Rule(matter, keyword, weight, pattern, exact_case, core)


def _search(rule: _Rule, text: str, lowered: str) -> str:
    """What ``rule.pattern.search(text)`` finds, as written ("" for nothing), faster:
    ``lowered`` is ``text.lower()``."""
    if rule.core is None:
        found = rule.pattern.search(text)
        return found.group() if found else ""
    match = rule.core.search(lowered)
    while match is not None:
        start = match.start()
        if start == 0 or not (lowered[start - 1].isalnum() or lowered[start - 1] == "_"):
            piece = text[start : match.end()] if len(text) == len(lowered) else match.group()
            return " ".join(piece.split())
        match = rule.core.search(lowered, start + 1)
    return ""


# fmt: off
@functools.cache
def _all_rules() -> tuple[_Rule, ...]:
    """Compiled on first use (~25 ms): a process that only needs the labels skips it."""
    return (
        # attendance: a child will be (or was) out of school
        _rule("attendance", 3, "off sick"),
        _rule("attendance", 3, "absent"),
        _rule("attendance", 3, "absence"),
        _rule("attendance", 2, "unwell"),
        _rule("attendance", 2, "poorly"),
        _rule("attendance", 1, "ill"),
        _rule("attendance", 1, "sick", r"(?<!off\s)sick(?:ness)?(?:\s+bug)?"),
        _rule("attendance", 2, "won't be in", r"(?:won'?t|will\s+not|not\s+be)\s+(?:be\s+)?in(?:\s+school)?(?:\s+today|\s+tomorrow)?(?=\W|$)"),  # noqa: E501
        _rule("attendance", 2, "not in school", r"not\s+(?:in|at)\s+school"),
        _rule("attendance", 2, "keeping off", r"keep(?:ing)?\s+(?:him|her|them|\w+)\s+(?:off|at\s+home)"),  # noqa: E501
        _rule("attendance", 3, "dentist appointment", r"(?:dentist|dental|orthodontist|optician|doctor'?s?|gp|hospital)\s+appointment"),  # noqa: E501
        _rule("attendance", 2, "temperature"),
        _rule("attendance", 2, "vomiting", r"vomit(?:ing|ed)?|being\s+sick|d\s*&\s*v|diarrh(?:o)?ea|tummy\s+bug"),  # noqa: E501
        _rule("attendance", 2, "chickenpox", r"chicken\s*pox|chickenpox"),
        _rule("attendance", 3, "attendance"),
        _rule("attendance", 3, "leave of absence"),
        _rule("attendance", 2, "holiday in term time", r"term[\s\-]+time\s+holiday|holiday\s+(?:in|during)\s+term(?:[\s\-]+time)?|holiday\s+request"),  # noqa: E501
        _rule("attendance", 2, "authorised absence", r"(?:un)?authori[sz]ed"),
        _rule("attendance", 1, "late", r"late\s+(?:today|this\s+morning|in)|running\s+late"),
        _rule("attendance", 2, "leave early", r"(?:leave|collect\s+\w+|pick\s+\w+\s+up)\s+early"),
        # medical
        _rule("medical", 3, "inhaler"),
        _rule("medical", 3, "EpiPen", r"epi[\s\-]?pens?"),
        _rule("medical", 3, "allergy", r"allerg(?:y|ies|ic)|anaphyla(?:xis|ctic)"),
        _rule("medical", 3, "medication", r"medications?|medicines?|prescribed|prescription"),
        _rule("medical", 3, "care plan", r"(?:health\s*)?care\s+plan|ihcp"),
        _rule("medical", 2, "asthma", r"asthma(?:tic)?"),
        _rule("medical", 2, "diabetes", r"diabet(?:es|ic)|insulin|blood\s+sugar"),
        _rule("medical", 2, "epilepsy", r"epilep(?:sy|tic)|seizures?"),
        _rule("medical", 2, "eczema"),
        _rule("medical", 2, "consultant"),
        _rule("medical", 2, "school nurse"),
        _rule("medical", 2, "first aid", r"first[\s\-]+aid(?:er)?"),
        _rule("medical", 2, "head injury", r"head\s+(?:injury|bump)|bumped\s+(?:his|her|their)\s+head"),  # noqa: E501
        _rule("medical", 1, "diagnosed", r"diagnos(?:ed|is)"),
        # SEN
        _rule("sen", 4, "EHCP", r"ehcp|ehc\s+plan|education,?\s+health\s+and\s+care\s+plan"),
        _rule("sen", 4, "SENCO", r"sen[\s\-]?co"),
        _rule("sen", 3, "SEN", r"SEND?|SEN/D", exact_case=True),
        _rule("sen", 3, "special educational needs"),
        _rule("sen", 3, "additional needs"),
        _rule("sen", 3, "dyslexia", r"dyslexi[ac]"),
        _rule("sen", 3, "dyspraxia", r"dyspraxi[ac]"),
        _rule("sen", 3, "autism", r"autis(?:m|tic)"),
        _rule("sen", 3, "ASD", r"ASD|ASC", exact_case=True),
        _rule("sen", 3, "ADHD", r"ADHD|ADD|adhd", exact_case=True),
        _rule("sen", 2, "educational psychologist", r"educational\s+psychologist|ed\s+psych"),
        _rule("sen", 2, "speech and language", r"[Ss]peech\s+and\s+[Ll]anguage|SALT", exact_case=True),  # noqa: E501
        _rule("sen", 2, "annual review"),
        _rule("sen", 2, "1:1 support", r"1:1|one[\s\-]+to[\s\-]+one\s+support"),
        _rule("sen", 2, "teaching assistant", r"[Tt]eaching\s+[Aa]ssistants?|TAs?", exact_case=True),  # noqa: E501
        _rule("sen", 2, "sensory", r"sensory"),
        _rule("sen", 2, "support plan", r"(?:sen\s+)?support\s+plan|iep|pupil\s+passport"),
        _rule("sen", 2, "access arrangements", r"access\s+arrangements|extra\s+time"),
        _rule("sen", 1, "needs", r"needs\s+(?:are|aren'?t|are\s+not)\s+(?:being\s+)?met"),
        # behaviour
        _rule("behaviour", 3, "detention", r"detentions?"),
        _rule("behaviour", 3, "bullied", r"bull(?:ied|y|ies|ying)"),
        _rule("behaviour", 2, "isolation"),
        _rule("behaviour", 3, "exclusion", r"exclu(?:sion|ded)|suspen(?:sion|ded)"),
        _rule("behaviour", 2, "behaviour", r"behaviou?r(?:al)?"),
        _rule("behaviour", 2, "picked on", r"pick(?:ed|ing)\s+on"),
        _rule("behaviour", 3, "calling names", r"call(?:ed|ing)\s+(?:him|her|them)\s+names|name[\s\-]+calling"),  # noqa: E501
        _rule("behaviour", 2, "pushed", r"pushed|punched|kicked|hit\s+(?:him|her|them)|fight(?:ing)?"),  # noqa: E501
        _rule("behaviour", 1, "playground", r"playground|playtimes?|group\s+chat|bruised?|left\s+out|leaving\s+(?:him|her|them)\s+out"),  # noqa: E501
        _rule("behaviour", 2, "told off", r"told\s+off|sanction(?:ed|s)?|on\s+report|behaviour\s+points?"),  # noqa: E501
        # learning
        _rule("learning", 3, "homework"),
        _rule("learning", 3, "Google Classroom"),
        _rule("learning", 3, "reading book", r"reading\s+(?:book|record)s?"),
        _rule("learning", 2, "spellings", r"spellings?|spelling\s+shed"),
        _rule("learning", 2, "times tables", r"times\s+tables?|ttrs|tt\s+rock\s*stars"),
        _rule("learning", 2, "online learning platform", r"sparx|seneca|hegarty|mymaths|satchel\s*one|show\s+my\s+homework|bedrock|class\s+charts"),  # noqa: E501
        _rule("learning", 2, "progress"),
        _rule("learning", 2, "school report", r"(?:school|end\s+of\s+(?:term|year))\s+report"),
        _rule("learning", 2, "exams", r"exams?|mocks?|gcses?|a[\s\-]levels?|sats|revision|coursework"),  # noqa: E501
        _rule("learning", 1, "maths", r"maths|phonics|english|science|lessons?"),
        _rule("learning", 2, "options", r"gcse\s+options|options\s+(?:evening|choices|form)"),
        # wellbeing
        _rule("wellbeing", 3, "anxious", r"anxi(?:ous|ety)"),
        _rule("wellbeing", 4, "CAMHS", r"camhs"),
        _rule("wellbeing", 3, "mental health"),
        _rule("wellbeing", 2, "low mood", r"low\s+mood|self[\s\-]+esteem|panic\s+attacks?"),
        _rule("wellbeing", 1, "upset", r"upset|in\s+tears|crying"),
        _rule("wellbeing", 2, "not sleeping", r"not\s+sleeping|can'?t\s+sleep"),
        _rule("wellbeing", 2, "counselling", r"counsell(?:ing|or)|elsa|learning\s+mentor"),
        _rule("wellbeing", 2, "school refusal", r"school\s+refus(?:al|ing)|doesn'?t\s+want\s+to\s+(?:come|go)\s+(?:in|to\s+school)|ebsa"),  # noqa: E501
        _rule("wellbeing", 2, "bereavement", r"bereave(?:ment|d)|passed\s+away|died|grie(?:f|ving)"),  # noqa: E501
        _rule("wellbeing", 1, "friendships", r"friendships?|falling\s+out|lonely"),
        # safeguarding (label only; see the module docstring)
        _rule("safeguarding", 5, "self-harm", r"self[\s\-]*harm(?:ing)?|suicid(?:e|al)"),
        _rule("safeguarding", 4, "abuse", r"abuse[ds]?|abusive"),
        _rule("safeguarding", 4, "domestic violence", r"domestic\s+(?:violence|abuse)"),
        _rule("safeguarding", 4, "social worker", r"social\s+(?:worker|services|care)"),
        _rule("safeguarding", 4, "child protection", r"child\s+protection|cp\s+plan"),
        _rule("safeguarding", 3, "court order", r"court\s+order|non[\s\-]+molestation|prohibited\s+steps"),  # noqa: E501
        _rule("safeguarding", 3, "not allowed to collect", r"(?:not\s+allowed|must\s+not|mustn'?t)\s+(?:to\s+)?collect"),  # noqa: E501
        _rule("safeguarding", 3, "police"),
        _rule("safeguarding", 3, "exploitation", r"groom(?:ing|ed)|exploit(?:ation|ed)|county\s+lines"),  # noqa: E501
        _rule("safeguarding", 3, "unsafe", r"(?:feel|feels|felt|is|isn'?t|not)\s+(?:un)?safe|scared\s+to\s+go\s+home"),  # noqa: E501
        _rule("safeguarding", 4, "DSL", r"dsl|designated\s+safeguarding\s+lead|safeguarding"),
        # payments
        _rule("payments", 4, "ParentPay", r"parent\s*pay"),
        _rule("payments", 3, "dinner money", r"dinner\s+money|lunch\s+money"),
        _rule("payments", 3, "online payment system", r"schoolmoney|scopay|wisepay|squid|school\s+gateway|tucasi"),  # noqa: E501
        _rule("payments", 2, "payment", r"payments?|paid|refund(?:ed)?|overpa(?:id|yment)|arrears|invoice|balance|charged"),  # noqa: E501
        _rule("payments", 2, "free school meals", r"free\s+school\s+meals|fsm"),
        # catering
        _rule("catering", 2, "lunch", r"lunch(?:es)?"),
        _rule("catering", 3, "packed lunch", r"packed\s+lunch(?:es)?"),
        _rule("catering", 3, "school dinners", r"(?:school|hot)\s+(?:dinners?|meals?)|dinners?(?!\s+money)"),  # noqa: E501
        _rule("catering", 2, "menu"),
        _rule("catering", 2, "kitchen", r"kitchen|catering|canteen"),
        _rule("catering", 2, "dietary", r"dietary|vegetarian|vegan|halal|kosher|gluten|lactose|allergens?"),  # noqa: E501
        _rule("catering", 1, "hungry"),
        # uniform
        _rule("uniform", 3, "uniform"),
        _rule("uniform", 3, "blazer"),
        _rule("uniform", 3, "PE kit", r"pe\s+kits?|p\.e\.\s+kit|sports?\s+kit"),
        _rule("uniform", 2, "school shoes", r"school\s+shoes|trainers"),
        _rule("uniform", 2, "jumper", r"jumpers?|cardigans?|tie|skirts?|trousers"),
        _rule("uniform", 2, "jewellery", r"jewell?e?ry|earrings?|piercings?|nail\s+varnish|hair\s+colou?r"),  # noqa: E501
        # trips and events
        _rule("trips", 3, "trip", r"trips?"),
        _rule("trips", 3, "residential"),
        _rule("trips", 3, "consent form", r"consent\s+(?:form|slip)|permission\s+slip"),
        _rule("trips", 1, "consent"),
        _rule("trips", 2, "visit", r"visit|excursion|outing"),
        _rule("trips", 2, "event", r"sports\s+day|nativity|concert|school\s+play|performance|disco|christmas\s+fair|summer\s+fair|prom"),  # noqa: E501
        _rule("trips", 2, "club", r"(?:after[\s\-]+school|breakfast|out\s+of\s+school)\s+club|clubs?|choir|orchestra"),  # noqa: E501
        _rule("trips", 2, "Duke of Edinburgh", r"duke\s+of\s+edinburgh|dofe"),
        # transport and collection
        _rule("transport", 3, "bus", r"bus(?:es)?|minibus"),
        _rule("transport", 3, "taxi", r"taxis?"),
        _rule("transport", 3, "transport"),
        _rule("transport", 2, "bus pass", r"bus\s+pass|travel\s+pass"),
        _rule("transport", 2, "pick up", r"pick(?:ing)?[\s\-]+(?:\w+\s+)?up|pick[\s\-]?up|collect(?:ing|ed|ion)?|drop(?:ping)?[\s\-]+off"),  # noqa: E501
        _rule("transport", 1, "coach"),
        _rule("transport", 1, "walk home", r"walk(?:ing)?\s+home|cycl(?:e|ing)\s+to\s+school|bike"),  # noqa: E501
        # complaint
        # Not "complaining": "he's been complaining of a sore throat" is about a symptom.
        _rule("complaint", 4, "complaint", r"complaints?|complain"),
        _rule("complaint", 3, "complaints procedure", r"complaints?\s+(?:procedure|policy|process)"),  # noqa: E501
        _rule("complaint", 2, "not happy", r"not\s+happy|unacceptable|disgusted|appalled|disgraceful"),  # noqa: E501
        _rule("complaint", 2, "escalate", r"escalat(?:e|ing)|chair\s+of\s+governors|governors|ofsted"),  # noqa: E501
        # meeting
        _rule("meeting", 3, "meeting", r"meetings?"),
        _rule("meeting", 5, "appointment to see", r"appointment\s+(?:to\s+see|with)"),
        _rule("meeting", 3, "parents' evening", r"parents'?\s+evening|parent\s+consultation"),
        _rule("meeting", 2, "meet", r"meet\s+(?:with|up)|could\s+we\s+meet|(?:arrange|book)\s+a\s+time|speak\s+(?:to|with)\s+(?:mr|mrs|ms|miss|dr|the)"),  # noqa: E501
        # admissions
        _rule("admissions", 4, "admission", r"admissions?"),
        _rule("admissions", 4, "in-year transfer", r"in[\s\-]+year\s+(?:transfer|application)"),
        _rule("admissions", 3, "place for", r"(?:a\s+)?place\s+for|school\s+place|(?:reception|nursery|year\s+\d+|sixth\s+form)\s+place"),  # noqa: E501
        _rule("admissions", 2, "waiting list", r"waiting\s+list"),
        _rule("admissions", 2, "open evening", r"open\s+(?:evening|day|morning)|school\s+tour|look\s+round"),  # noqa: E501
        _rule("admissions", 2, "moving to the area", r"mov(?:e|ing)\s+(?:in)?to\s+the\s+area|relocat(?:e|ing)"),  # noqa: E501
        _rule("admissions", 2, "appeal", r"appeals?"),
    )
# fmt: on

# Per matter, the (weight gained, keyword, words as written) of each rule that hit.
_Hits = dict[str, list[tuple[float, str, str]]]

# Tie-break order of the keyword rules: the more serious or more specific reading first.
_PRIORITY: tuple[str, ...] = (
    "safeguarding",
    "medical",
    "sen",
    "wellbeing",
    "behaviour",
    "complaint",
    "attendance",
    "admissions",
    "transport",
    "trips",
    "payments",
    "catering",
    "uniform",
    "learning",
    "meeting",
    "general",
)
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2013": "-"})
_WORD = r"(?u)\b[^\W\d_]{2,}\b"
# Evidence words worth showing: not the glue of every sentence.
_DULL = frozenset(
    """
    a about after all also am an and any are as at be been but by can could did do does for
    from had has have he her him his how if in is it its just me my no not of off on or our
    out she so that the their them there they this to too up us was we were what when which
    who why will with would you your
    id im ive dont hi hello dear thanks thank regards please shes hes theyre thats weve youre
    wed hed some very really now being own put may might must shall should get got like
    think see way know one two three still yet then than these those other into onto over
    more most much many each every only even ever again
    """.split()
)


def guess_matter(subject: str, text: str) -> MatterGuess:
    """The most likely matter of an email, from its subject and the parent's new words.

    Uses :func:`default_model` (trained on first use, once per process). An email with no
    words is ``MatterGuess("general", 0.0, ())`` without touching the model.
    """
    if not _has_words(subject) and not _has_words(text[:MAX_TEXT_CHARS]):
        return MatterGuess("general", 0.0, ())
    return default_model().predict(subject, text)


def guess_by_keywords(subject: str, text: str) -> MatterGuess:
    """The keyword rules alone (the interim classifier; a baseline in ``bench/matter.py``).

    The matter with the most rule weight wins, ties going to the more serious reading;
    ``score`` is ``winner / (total + 1)``; ``MatterGuess("general", 0.0, ())`` when no rule
    hits.
    """
    hits = _rule_hits(*_prepare(subject, text))
    if not hits:
        return MatterGuess("general", 0.0, ())
    totals = {m: sum(h[0] for h in matter_hits) for m, matter_hits in hits.items()}
    winner = max(totals, key=lambda m: (totals[m], -_PRIORITY.index(m)))
    score = totals[winner] / (sum(totals.values()) + 1.0)
    evidence = tuple(h[1] for h in sorted(hits[winner], key=lambda h: -h[0]))
    return MatterGuess(winner, round(score, 3), evidence)


def load_bundled_examples(path: Path = BUNDLED_EXAMPLES) -> list[Example]:
    """The hand-labelled examples shipped with the package, in file order."""
    examples = []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                examples.append(Example(row["subject"], row["text"], row["matter"]))
            except (ValueError, KeyError, TypeError) as exc:
                raise ValueError(f"{path.name} line {number}: {exc}") from exc
    return examples


def train(examples: Iterable[Example], corrections: Iterable[Example] = ()) -> MatterModel:
    """A model from ``examples`` plus staff ``corrections``.

    A correction weighs at least :data:`CORRECTION_WEIGHT`, so a handful of them moves a
    phrase the bundled examples file elsewhere. Deterministic: the same examples always give
    the same model.
    """
    weighted = [
        Example(c.subject, c.text, c.matter, max(c.weight, CORRECTION_WEIGHT)) for c in corrections
    ]
    return MatterModel.fit([*examples, *weighted])


_default: MatterModel | None = None
_default_lock = threading.Lock()
_cache_dir: Path | None = None
_CACHE_PREFIX = "steward-matter-model-"


def default_model() -> MatterModel:
    """The process-wide model: the bundled examples, trained on first use (or read from the
    cache directory, see :func:`use_cache_dir`), then kept."""
    global _default
    model = _default
    if model is None:
        with _default_lock:
            if _default is None:
                _default = _bundled_model()
            model = _default
    return model


def use_cache_dir(path: Path | None) -> None:
    """Keep the model trained on the bundled examples in ``path`` (the database's directory),
    so a new process reads it instead of training again. The file is named by a hash of what
    the model is made from (the examples, this module, scikit-learn's and numpy's versions):
    any change trains afresh."""
    global _cache_dir
    _cache_dir = path


def _bundled_model() -> MatterModel:
    import pickle

    cache = _cache_file()
    if cache is not None and cache.is_file():
        try:
            model = pickle.loads(cache.read_bytes())
            if isinstance(model, MatterModel):
                return model
        except Exception:  # noqa: BLE001 - a damaged cache only costs a training
            pass
    model = train(load_bundled_examples())
    if cache is not None:
        _save(cache, pickle.dumps(model, pickle.HIGHEST_PROTOCOL))
    return model


def _cache_file() -> Path | None:
    if _cache_dir is None:
        return None
    import hashlib
    from importlib import metadata

    digest = hashlib.sha256(BUNDLED_EXAMPLES.read_bytes())
    digest.update(Path(__file__).read_bytes())
    for package in ("scikit-learn", "numpy", "scipy"):
        try:
            digest.update(f"{package}={metadata.version(package)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(package.encode())
    return _cache_dir / f"{_CACHE_PREFIX}{digest.hexdigest()[:16]}.pickle"


def _save(cache: Path, data: bytes) -> None:
    """Write atomically, readable by this user only; drop models of older versions."""
    import os
    import tempfile

    try:
        fd, name = tempfile.mkstemp(dir=cache.parent, prefix=f".{cache.name}.")
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(name, cache)
        for old in cache.parent.glob(f"{_CACHE_PREFIX}*.pickle"):
            if old != cache:
                old.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only directory: train in each process, as before


def set_default_model(model: MatterModel | None) -> None:
    """Install a retrained model (e.g. with corrections) for :func:`guess_matter`;
    ``None`` goes back to the bundled examples on next use."""
    global _default
    with _default_lock:
        _default = model


class MatterModel:
    """A fitted matter classifier. Build it with :meth:`fit` or :func:`train`.

    Prediction does not go through scikit-learn's per-call machinery: one email is a few
    dozen non-zero features, so the TF-IDF values and the dot product with the weights are
    computed directly (the same numbers ``transform`` and ``decision_function`` give, tested),
    which keeps a guess well under a millisecond.
    """

    def __init__(self, features: _Features, classes: Sequence[str], coef: Any, intercept: Any):
        self._features = features
        self._classes: tuple[str, ...] = tuple(str(c) for c in classes)
        self._coef = coef  # (n_classes, n_features), float64
        self._intercept = intercept  # (n_classes,)

    @classmethod
    def fit(cls, examples: Iterable[Example]) -> MatterModel:
        """Train on ``examples`` (each weighted by ``Example.weight``)."""
        from sklearn.svm import LinearSVC

        examples = list(examples)
        if len({e.matter for e in examples}) < 2:
            raise ValueError("examples: need at least two matters to train on")
        features = _Features()
        x = features.fit_transform([_prepare(e.subject, e.text) for e in examples])
        # Names come from the ordinary examples; a correction's capitalised words ("the
        # Rainbow Room") are the school's own vocabulary, which is shown.
        features.proper_nouns = _names_in(
            _document(*_prepare(e.subject, e.text)) for e in examples if e.weight <= 1.0
        )
        svm = LinearSVC(C=_C, random_state=0)
        svm.fit(x, [e.matter for e in examples], sample_weight=[e.weight for e in examples])
        return cls(features, svm.classes_, svm.coef_, svm.intercept_)

    @property
    def matters(self) -> tuple[str, ...]:
        """The matters this model can answer (those it saw examples of)."""
        return self._classes

    def decision(self, subject: str, text: str) -> Any:
        """Raw per-matter scores (in :attr:`matters` order) of one email."""
        subject, body = _prepare(subject, text)
        return self._scores(self._features.row(subject, body, _rule_hits(subject, body)))

    def predict(self, subject: str, text: str) -> MatterGuess:
        """The most likely matter, its probability, the runners-up and the telling words."""
        import numpy as np

        subject, body = _prepare(subject, text)
        hits = _rule_hits(subject, body)
        columns, values = self._features.row(subject, body, hits)
        if not len(columns):
            return MatterGuess("general", 0.0, ())
        scores = self._scores((columns, values))
        exp = np.exp((scores - scores.max()) * _TEMPERATURE)
        probabilities = exp / exp.sum()
        order = probabilities.argsort()[::-1]
        best = int(order[0])
        alternatives = tuple(
            (self._classes[int(j)], round(float(probabilities[j]), 3))
            for j in order[1 : 1 + _ALTERNATIVES]
        )
        return MatterGuess(
            self._classes[best],
            min(round(float(probabilities[best]), 3), 0.999),
            self._evidence(columns, values, best, hits),
            alternatives,
        )

    def likelihood(self, subject: str, text: str, matter: str) -> tuple[float, tuple[str, ...]]:
        """The probability :meth:`predict` gives ``matter`` for this email (not rounded) and the
        present words that pushed it up: a second opinion for another classifier."""
        import numpy as np

        subject, body = _prepare(subject, text)
        if matter not in self._classes or not (_has_words(subject) or _has_words(body)):
            return 0.0, ()
        hits = _rule_hits(subject, body)
        columns, values = self._features.row(subject, body, hits)
        if not len(columns):
            return 0.0, ()
        scores = self._scores((columns, values))
        exp = np.exp((scores - scores.max()) * _TEMPERATURE)
        k = list(self._classes).index(matter)
        return float(exp[k] / exp.sum()), self._evidence(columns, values, k, hits)

    def _scores(self, row: tuple[Any, Any]) -> Any:
        columns, values = row
        return self._coef[:, columns] @ values + self._intercept

    def _evidence(self, columns: Any, values: Any, k: int, hits: _Hits) -> tuple[str, ...]:
        """Present features that pushed matter ``k`` up most, as words a person can check:
        words and word pairs (not names, not glue words) and the keyword rules that hit."""
        weights: dict[str, float] = {}
        names = self._features.names
        contributions = self._coef[k, columns] * values
        hidden = self._features.proper_nouns
        matter = self._classes[k]
        rule_column = self._features.rule_column(matter)
        for j, contribution in zip(columns.tolist(), contributions.tolist(), strict=True):
            if contribution <= 0:
                continue
            if j == rule_column:
                # The keyword rules' share, split over the words they found as written.
                matter_hits = hits.get(matter, [])
                total = sum(h[0] for h in matter_hits) or 1.0
                for gained, _, written in matter_hits:
                    weights[written] = weights.get(written, 0.0) + contribution * gained / total
                continue
            name = names[j]
            if not name or any(w in _DULL or w in hidden for w in name.split()):
                continue
            weights[name] = weights.get(name, 0.0) + contribution
        evidence: list[str] = []
        shown: set[str] = set()
        for name in sorted(weights, key=lambda n: (-weights[n], n)):
            words = set(_normalise(name).split())
            if words <= shown:  # "sick" after "off sick", "ehcp" after "EHCP": nothing new
                continue
            evidence.append(name)
            shown |= words
            if len(evidence) == _EVIDENCE_SIZE:
                break
        return tuple(evidence)


class _Features:
    """(subject, body) → one sparse row: TF-IDF of words and word pairs, TF-IDF of character
    3–5-grams within words, and the keyword-rule weight per matter, in that column order."""

    def __init__(self) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer

        self._words = TfidfVectorizer(
            preprocessor=_normalise, token_pattern=_WORD, ngram_range=(1, 2), sublinear_tf=True
        )
        self._chars = TfidfVectorizer(
            preprocessor=_normalise,
            analyzer="char_wb",
            ngram_range=(3, 5),
            sublinear_tf=True,
            min_df=2,
        )
        # Words the examples only use as names, never shown as evidence.
        self.proper_nouns: frozenset[str] = frozenset()
        self.names: list[str] = []
        self._blocks: list[tuple[int, dict[str, int], Any, Any]] = []
        self._rule_start = 0

    def fit_transform(self, prepared: Sequence[tuple[str, str]]) -> Any:
        """Learn vocabularies and IDF weights from ``prepared`` and return their matrix."""
        from scipy import sparse

        docs = [_document(s, b) for s, b in prepared]
        words = self._words.fit_transform(docs)
        chars = self._chars.fit_transform(docs)
        self._blocks = []
        offset = 0
        for vectorizer in (self._words, self._chars):
            vocabulary = {str(t): int(i) for t, i in vectorizer.vocabulary_.items()}
            self._blocks.append((offset, vocabulary, vectorizer.idf_, vectorizer.build_analyzer()))
            offset += len(vocabulary)
        self._rule_start = offset
        # Character n-grams are not words a person would recognise as evidence.
        self.names = [
            *(str(n) for n in self._words.get_feature_names_out()),
            *([""] * len(self._chars.vocabulary_)),
            *([""] * len(MATTERS)),
        ]
        rules = sparse.csr_matrix([_rule_values(_rule_hits(s, b)) for s, b in prepared])
        return sparse.hstack([words, chars, rules], format="csr")

    def row(self, subject: str, body: str, hits: _Hits) -> tuple[Any, Any]:
        """One email's non-zero columns and values, exactly as :meth:`fit_transform` would
        give them (sublinear TF × IDF, each block L2-normalised)."""
        import numpy as np

        doc = _document(subject, body)
        columns: list[int] = []
        values: list[float] = []
        for offset, vocabulary, idf, analyse in self._blocks:
            counts: dict[int, int] = {}
            for term, n in Counter(analyse(doc)).items():
                j = vocabulary.get(term)
                if j is not None:
                    counts[j] = n
            if not counts:
                continue
            block = [(1.0 + math.log(n)) * float(idf[j]) for j, n in counts.items()]
            norm = math.sqrt(sum(v * v for v in block))
            columns.extend(offset + j for j in counts)
            values.extend(v / norm for v in block)
        for i, value in enumerate(_rule_values(hits)):
            if value:
                columns.append(self._rule_start + i)
                values.append(value)
        return np.asarray(columns, dtype=np.intp), np.asarray(values, dtype=np.float64)

    def rule_column(self, matter: str) -> int:
        return self._rule_start + MATTERS.index(matter)


def _document(subject: str, body: str) -> str:
    return f"{subject}\n{body}"


def _prepare(subject: str, text: str) -> tuple[str, str]:
    """Curly apostrophes and en dashes as typed on phones read as plain ones; a long body
    is cut at :data:`MAX_TEXT_CHARS`."""
    return _clean(subject), _clean(text[:MAX_TEXT_CHARS])


def _normalise(value: str) -> str:
    """Lower case without apostrophes: "won't", "wont" and "Won’t" are one word."""
    return value.lower().replace("'", "")


def _rule_values(hits: _Hits) -> list[float]:
    """Per matter (in :data:`MATTERS` order) the keyword-rule weight, squashed into [0, 1)
    so one strong keyword counts a lot and ten do not count ten times, then scaled."""
    totals = {m: sum(h[0] for h in matter_hits) for m, matter_hits in hits.items()}
    return [_RULE_SCALE * t / (t + 4.0) if (t := totals.get(m, 0.0)) else 0.0 for m in MATTERS]


def _rule_hits(subject: str, body: str) -> _Hits:
    """Per matter, the (weight gained, keyword, words as written) of each rule that hits."""
    # In text typed in capitals every word looks like an acronym ("PLEASE SEND THE WORK").
    subject_caps, body_caps = _mostly_capitals(subject), _mostly_capitals(body)
    subject_lower, body_lower = subject.lower(), body.lower()
    hits: _Hits = {}
    for rule in _all_rules():
        gained = 0.0
        written = ""
        if subject and not (rule.exact_case and subject_caps):
            if written := _search(rule, subject, subject_lower):
                gained += rule.weight * SUBJECT_WEIGHT
        if body and not (rule.exact_case and body_caps):
            if found := _search(rule, body, body_lower):
                gained += rule.weight
                written = written or found
        if gained:
            hits.setdefault(rule.matter, []).append((gained, rule.keyword, written))
    return hits


_CAPITALISED = re.compile(r"\b[A-Z][a-z]+\b")
_LOWER_WORD = re.compile(r"\b[a-z]+\b")


def _proper_nouns(text: str) -> frozenset[str]:
    """Lower-cased words only ever written with a capital, at least once inside a sentence
    ("Oliver", "Mrs Patel", "Warwick"): names, which are never shown as evidence."""
    text = text.replace("'", "")
    inside = set()
    for match in _CAPITALISED.finditer(text):
        i = match.start() - 1
        while i >= 0 and text[i] in " \t":
            i -= 1
        if i >= 0 and text[i] not in '.!?:\n-("':
            inside.add(match.group().lower())
    return frozenset(inside - set(_LOWER_WORD.findall(text)))


def _names_in(texts: Iterable[str]) -> frozenset[str]:
    """Words the training examples only ever write as names ("Isla", "Olivers"), so an
    email that starts with a name does not show it as evidence."""
    inside: set[str] = set()
    lower: set[str] = set()
    for text in texts:
        inside |= _proper_nouns(text)
        lower.update(_LOWER_WORD.findall(text.replace("'", "")))
    return frozenset(inside - lower)


_LETTERS = re.compile(r"[^\W\d_]{2}")


def _has_words(value: str) -> bool:
    return _LETTERS.search(value) is not None


def _mostly_capitals(value: str) -> bool:
    letters = [c for c in value if c.isalpha()]
    return len(letters) >= 8 and sum(c.isupper() for c in letters) > 0.6 * len(letters)


def _clean(value: str) -> str:
    return value.translate(_APOSTROPHES)
