"""What an email is about: an interim guess from weighted keyword rules.

The matter labels a thread ("Medical", "Trips and events") so the digest can route it to
the right person, and keeps two emails about clearly different things in separate threads.
A scikit-learn model trained on the school's own labelled threads will replace these
rules; callers only see :func:`guess_matter` and :class:`MatterGuess`, so the swap is
invisible to them.

How the rules score: each rule is a word or phrase in British school vocabulary with a
weight. A rule that hits the subject adds ``weight × SUBJECT_WEIGHT`` (a subject is the
parent's own one-line summary); one that hits the body adds ``weight``; each rule counts at
most once per field, so a long email repeating "trip" does not drown a subject. The
matter with the most weight wins; ties go to the earlier matter in :data:`MATTERS`, which
is ordered so that the more serious reading wins (safeguarding before behaviour, medical
before attendance, ...).

Must catch: subject "Oliver off sick", body "He has a temperature" → attendance.
Must not: "Re: Out of school club" is not attendance; "Year 6 residential" is trips, not
a meeting or admissions.

Safeguarding words here only choose a label. The high-recall safeguarding classifier that
alerts the DSL is a separate module and does not depend on this guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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

SUBJECT_WEIGHT = 2.0
# Bodies beyond this are not read: the matter is in the first paragraphs, and a pasted
# document must not cost time.
MAX_TEXT_CHARS = 20_000
# Tie-break order: the more serious or more specific reading first.
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


@dataclass(frozen=True)
class MatterGuess:
    """A matter from :data:`MATTERS`, a confidence in [0, 1), and what it rests on.

    For the keyword rules ``evidence`` is the keywords that hit for the winning matter,
    strongest first; a model would give its most telling features.
    """

    matter: str
    score: float
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class _Rule:
    matter: str
    keyword: str  # what the evidence shows
    weight: float
    pattern: re.Pattern[str]
    exact_case: bool = False


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
    return _Rule(matter, keyword, weight, pattern, exact_case)


# fmt: off
_RULES: tuple[_Rule, ...] = (
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


def guess_matter(subject: str, text: str) -> MatterGuess:
    """The most likely matter of an email, from its subject and the parent's new words.

    Returns ``MatterGuess("general", 0.0, ())`` when no rule hits. ``score`` is the winner's
    share of all the weight that hit, damped when there is little of it:
    ``winner / (total + 1)``. One body keyword alone gives at most 0.75, a clear subject
    and body agreeing give 0.9 or more, a tie between two matters stays below 0.5.
    """
    subject = _clean(subject)
    body = _clean(text[:MAX_TEXT_CHARS])
    # In text typed in capitals every word looks like an acronym ("PLEASE SEND THE WORK").
    subject_caps, body_caps = _mostly_capitals(subject), _mostly_capitals(body)
    totals: dict[str, float] = {}
    hits: dict[str, list[tuple[float, str]]] = {}
    for rule in _RULES:
        gained = 0.0
        if subject and not (rule.exact_case and subject_caps) and rule.pattern.search(subject):
            gained += rule.weight * SUBJECT_WEIGHT
        if body and not (rule.exact_case and body_caps) and rule.pattern.search(body):
            gained += rule.weight
        if gained:
            totals[rule.matter] = totals.get(rule.matter, 0.0) + gained
            hits.setdefault(rule.matter, []).append((gained, rule.keyword))
    if not totals:
        return MatterGuess("general", 0.0, ())
    winner = max(totals, key=lambda m: (totals[m], -_PRIORITY.index(m)))
    score = totals[winner] / (sum(totals.values()) + 1.0)
    evidence = tuple(keyword for _, keyword in sorted(hits[winner], key=lambda h: -h[0]))
    return MatterGuess(winner, round(score, 3), evidence)


_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2013": "-"})


def _mostly_capitals(value: str) -> bool:
    letters = [c for c in value if c.isalpha()]
    return len(letters) >= 8 and sum(c.isupper() for c in letters) > 0.6 * len(letters)


def _clean(value: str) -> str:
    """Curly apostrophes and en dashes as typed on phones, read as plain ones."""
    return value.translate(_APOSTROPHES)
