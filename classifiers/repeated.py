"""Repeated: the parent raises again a point the school has already addressed.

Policy: "continuing to raise the same issue despite it having been already addressed by the
school" and "continuing to contact the school after a decision ... without new or relevant
information". All of these must hold:

1. **Addressed**: in the same thread (or the same specific matter) a member of staff replied
   after one of the parent's earlier emails. Holding replies never count, and nor does a
   short acknowledgement that only passes the email on ("I've passed this to Mr Khan, who
   will be in touch"): that is not an answer.
2. **Same point**: at least ``similarity`` of the new email's words of substance were already
   in the parent's own earlier emails that the school answered (all of them together, so a
   second or third re-ask counts what the first two said). It is a share of the *new* email,
   not a cosine: a one-line re-ask ("I really think he should be moved to the Tuesday club")
   repeats a long first email although it shares only a few of its words.
   Words are compared by stem, and a word counts as said before in any form ("move" and
   "moved" meet, stop word or not). At least two such words: one shared word is no point.
3. **Little new information**: at most ``max_new_share`` of those words (or a single stray
   word) are in none of the earlier emails on the matter nor the school's replies. Words of
   feeling, judgement, time or about the correspondence itself ("unacceptable", "proper",
   "today", "reply", "explain") are not information.
4. **Nothing new happened**: no attachment (the document the school asked for), no date or
   number that the earlier emails did not name (a year group, "Year 9", is a label, not news;
   the date of the correspondence itself is not news either), no new incident ("again
   today", "this morning another", "another bruise") and no step in the complaints procedure
   ("formal complaint", "governors", "appeal", asking to meet). "Again" next to a word about
   writing ("I am asking again") or the weather ("it's wet again today") is not an
   incident; in a sentence about a day or a time ("he was pushed again at lunch today") it
   is.
5. **It does not take up the answer**: words the parent takes from the school's answer are
   not "said before" (2.), so an email working in the answer's terms ("so if I send a letter
   from his GP you will consider an exemption?") does not reach ``similarity``; nor does one
   that says it is confirming ("just to confirm", "have I understood") or accepts the
   answer ("fair enough", "thanks for sorting this") with no "but" after it.

Known weakness: a complete paraphrase ("he was protecting himself; that is not justice")
shares too few words with the first email to be seen; people see it in the timeline.

Config::

    [flags.repeated]
    similarity = 0.6        # share of its words of substance already in the answered emails
    max_new_share = 0.25    # share of new words allowed ("little": a quarter, or one word)
    lookback_days = 42
    min_words = 8

Must catch: "I still do not understand why Oliver cannot wear his black trainers ..." a week
after the head of year explained the uniform policy on footwear, and "I still think he
belongs in the Tuesday club" after the club leader explained it is full.
Must not: "It happened again at lunch today: he was pushed off the bench" on a bullying thread
the school answered last week (a new incident), or "Please find attached the letter from
his consultant" after the school asked for it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache
from typing import Any

from classifiers.base import Finding, PastMessage
from classifiers.textsim import (
    clean_history,
    date_mentions,
    dates_of,
    distinct_content_words,
    is_parent_mail,
    is_school_answer,
    iso,
    same_matter,
    school_zone,
    stem,
    when,
    words,
)
from classifiers.volume import WorkingCalendar


@dataclass(frozen=True)
class Settings:
    similarity: float = 0.6
    max_new_share: float = 0.25
    lookback_days: float = 42
    min_words: int = 8

    def __post_init__(self) -> None:
        _check_share("similarity", self.similarity)
        _check_share("max_new_share", self.max_new_share)
        if self.lookback_days <= 0:
            raise ValueError(f"lookback_days: must be more than 0, not {self.lookback_days}")
        if self.min_words < 0:
            raise ValueError(f"min_words: must be 0 or more, not {self.min_words}")


def _check_share(name: str, value: float) -> None:
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"{name}: must be between 0 and 1, not {value}")


# Words that carry feeling or judgement, say when, or talk about the correspondence: not
# about the matter, and not information.
_NO_INFORMATION = """
    still again already yet once more understand understood explain explained explanation
    reason reasons why accept accepted acceptable unacceptable unfair fair ridiculous
    disgusting appalling shocking disappointed disappointing frustrated frustrating upset
    angry absolutely completely totally really simply honestly clearly seriously properly
    told tell telling said say saying email emails emailed reply replied replies response
    respond responded answer answered answers decision point points issue issues matter
    situation concern concerns concerned raise raised ask asked asking write writing wrote
    written know think feel felt believe want wanted need needs happy unhappy sorry ok okay
    sure right wrong way thing things look looked looking sort sorted deal dealt address
    addressed school staff letter going get got make made let wait waiting hear heard back
    clear surely agree disagree case time times week weeks day days
    proper far hope hoping like respect respectfully genuinely actually
    today tonight tomorrow yesterday now morning afternoon evening year years
"""
NO_INFORMATION = frozenset(_NO_INFORMATION.split()) | frozenset(
    stem(w) for w in _NO_INFORMATION.split()
)
_MIN_SHARED = 2  # one word in common is not a point

# "call"/"ring" are left out: "calling him names again today" is an incident.
_COMMUNICATION = frozenset(
    """
    email emailing emailed write writing wrote ask asking asked chase chasing contact
    contacting reply replying respond responding answer hear heard phoning send sending
    sent raise raising remind reminding mention
    mentioning wait waiting explain explaining say saying tell telling repeat repeating
    """.split()
)
# "It's wet again today" is the weather, not something that happened to the child.
_WEATHER = frozenset(
    """
    cold colder freezing chilly wet raining rainy rain snowing snow icy frosty hot warm
    windy stormy weather
    """.split()
)
_WHEN = (
    r"today|tonight|this morning|this afternoon|this evening|yesterday|last night"
    r"|at lunch(?:time)?|at break(?:time)?|at playtime|on the bus|in pe|after school"
    r"|before school|this week|on the way home"
)
_WHEN_RE = re.compile(rf"\b(?:{_WHEN})\b")
_AGAIN = re.compile(r"\bagain\b")
_LEAD_WORDS = 4  # how far before "again" its verb is looked for: "I am asking you again"
_SENTENCE_ENDS = ".?!;\n"
_ANOTHER = re.compile(
    r"\b(?:another|a new|a further|a second|a third|more)\s+"
    r"(?:incident|bruises?|injur(?:y|ies)|fight|attack|messages?|comments?|notes?|"
    r"detentions?|episodes?|occasion|mark|marks|scratch(?:es)?|cuts?|threats?|texts?)\b"
)
_HAPPENED = re.compile(r"\b(?:it|this|the same)\s+(?:has\s+)?happened\s+again\b")
_ESCALATION = re.compile(
    r"\b(?:formal complaint|complaints? (?:procedure|policy|process)|stage (?:two|three|2|3)"
    r"|chair of (?:the )?governors|governing (?:body|board)|governors|appeal|ofsted"
    r"|local authority|escalat\w*"
    r"|(?:arrange|book|have|request|ask for|set up) (?:a |an )?(?:urgent )?meeting"
    r"|(?:to|can we|could we|can i|could i) meet)\b"
)
_CONFIRM = re.compile(
    r"\b(?:just to (?:check|confirm|clarify)|so to (?:check|confirm)"
    r"|can i (?:just )?(?:check|confirm)|am i right (?:in thinking )?that|have i understood)\b"
)
# Taking the answer on board: "fair enough", "that makes sense", "thanks for sorting this".
_ACCEPT = re.compile(
    r"\b(?:fair enough|(?:that|it) makes sense|no problem|will do|noted"
    r"|(?:that's|that is|thats) (?:fine|great|helpful|brilliant|perfect)"
    r"|(?:ok|okay|right),? (?:then|thanks|thank you|will do)"
    r"|(?:i|we) (?:fully |completely )?(?:accept|understand)\b(?! why)"
    r"|thank(?:s| you)(?: so much| very much)? for (?:\w+ing\b|your help|the update))"
)
_BUT = re.compile(r"\b(?:but|however|still|yet|although|though)\b")
_ACK_ONLY = re.compile(
    r"\b(?:pass(?:ed|ing)? (?:this|your (?:email|message|concerns?))(?: on)? to"
    r"|forward(?:ed|ing)? (?:this|your (?:email|message))"
    r"|(?:will|'ll) (?:get back to you|be in touch|look into (?:this|it)|respond|reply)"
    r"|(?:has|have) been passed"
    r"|(?:will|'ll) (?:find out|check|ask) and)\b"
)
_ACK_ONLY_MAX_WORDS = 60
# Numbers (times, amounts, counts, sets): "4pm", "3.30", "£40", "2". Ordinals are dates.
_NUMBER = re.compile(r"(?<![\w.])(\d+(?:[.:]\d+)?)(?:am|pm)?(?!\w|[.:]\d)")
_YEAR_GROUP = re.compile(r"\b(?:year|yr|y)\s*$")


def detect(
    message: PastMessage,
    history: Sequence[PastMessage],
    settings: Settings = Settings(),
    *,
    calendar: WorkingCalendar | None = None,
) -> Finding | None:
    if not is_parent_mail(message) or message.attachments:
        return None  # an attachment is new information: the form, the letter, the photo
    if len(words(message.text)) < settings.min_words:
        return None
    zone = school_zone(calendar)
    past = clean_history(message, history)
    since = message.received_at - timedelta(days=settings.lookback_days)
    matter = [m for m in past if m.received_at >= since and same_matter(m, message)]
    answers = [m for m in matter if is_school_answer(m) and not _acknowledgement_only(m)]
    if not answers:
        return None
    answered = [
        p
        for p in matter
        if is_parent_mail(p) and any(a.received_at > p.received_at for a in answers)
    ]
    text = message.text.lower()
    if not answered or _new_event(text) or _CONFIRM.search(text) or _accepts(text):
        return None

    known_dates = (
        frozenset().union(*(date_mentions(m.text) for m in matter))
        | dates_of((m.received_at for m in matter), zone)
        | dates_of([message.received_at], zone)
    )
    if date_mentions(message.text) - known_dates:
        return None
    if _numbers(message.text) - frozenset().union(*(_numbers(m.text) for m in matter)):
        return None  # a new time, amount or count: "could we do 4 instead?"

    own = distinct_content_words(message.text, NO_INFORMATION)
    said = frozenset().union(*(_stems(p.text) for p in answered))
    shared = [w for w in own if w in said]
    share_same = len(shared) / len(own) if own else 0.0
    if len(shared) < _MIN_SHARED or share_same < settings.similarity:
        return None

    known = frozenset().union(*(_stems(m.text) for m in matter))  # the school's words too
    fresh = [w for w in own if w not in known]
    share = len(fresh) / len(own)
    if share > settings.max_new_share and len(fresh) > 1:
        return None

    # The earlier email it repeats most (the earliest of equals), and the school's first
    # answer after that one.
    overlap = [len([w for w in own if w in _stems(p.text)]) for p in answered]
    repeats = answered[overlap.index(max(overlap))]
    answer = next(a for a in answers if a.received_at > repeats.received_at)
    evidence: dict[str, Any] = {
        "repeats": {
            "id": repeats.message_id,
            "at": iso(repeats.received_at),
            "similarity": round(share_same, 3),
        },
        "answer": {
            "id": answer.message_id,
            "at": iso(answer.received_at),
            "text": answer.text.strip()[:200],
        },
        "school_answers": len([a for a in answers if a.received_at > repeats.received_at]),
        "same_words": shared[:20],
        "new_word_share": round(share, 3),
        "new_words": fresh[:20],
    }
    explanation = (
        f"Raises the same point as {when(repeats.received_at, zone, time=False)} "
        f"({len(shared)} of {len(own)} key words said before) after the school answered on "
        f"{when(answer.received_at, zone, time=False)}; little new information "
        f"({share:.0%} new words)"
    )
    score = min(1.0, 0.5 * share_same + 0.5 * (1.0 - share))
    return Finding(
        kind="repeated", score=round(score, 3), explanation=explanation, evidence=evidence
    )


def _acknowledgement_only(m: PastMessage) -> bool:
    """A short reply that passes the email on or promises an answer has not addressed it."""
    return len(words(m.text)) < _ACK_ONLY_MAX_WORDS and _ACK_ONLY.search(m.text.lower()) is not None


@lru_cache(maxsize=4096)
def _stems(text: str) -> frozenset[str]:
    """Every word of ``text`` and its stem, stop words included: what counts as said before
    ("move" is a stop word to the vectoriser, "moved" is not; both were said)."""
    tokens = [w.replace("'", "") for w in words(text)]
    return frozenset(tokens) | frozenset(stem(w) for w in tokens)


@lru_cache(maxsize=4096)
def _numbers(text: str) -> frozenset[str]:
    """Times, amounts and counts the text names ("3:30" and "3.30" are one), year groups
    left out: "the Year 9 trip" names the pupils, it is not news."""
    lowered = text.lower()
    return frozenset(
        match.group(1).replace(":", ".")
        for match in _NUMBER.finditer(lowered)
        if not _YEAR_GROUP.search(lowered[max(0, match.start() - 6) : match.start()])
    )


def _accepts(text: str) -> bool:
    """Takes the answer on board ("fair enough", "thanks for sorting it") with no "but" after
    it in that sentence or the next."""
    for match in _ACCEPT.finditer(text):
        _, end = _sentence(text, match.start(), match.end())
        _, end = _sentence(text, end + 1, end + 1)  # "Fair enough. But ..." is not accepting
        if not _BUT.search(text, match.end(), end):
            return True
    return False


def _new_event(text: str) -> bool:
    """A new incident or a step in the complaints procedure: not a repeat. ``text`` is lower
    case. An "again" in a sentence about a day or a time ("again at lunch today") is a new
    incident, unless the words just before it are about writing ("I am asking you again")
    or the weather ("it's wet again")."""
    if _ANOTHER.search(text) or _HAPPENED.search(text) or _ESCALATION.search(text):
        return True
    for match in _AGAIN.finditer(text):
        start, end = _sentence(text, match.start(), match.end())
        lead = re.findall(r"[a-z]+", text[start : match.start()])[-_LEAD_WORDS:]
        if (_COMMUNICATION | _WEATHER).intersection(lead):
            continue
        if _WHEN_RE.search(text, start, end):
            return True
    return False


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """The bounds of the sentence (or clause ending in ";") around ``text[start:end]``."""
    before = max(text.rfind(c, 0, start) for c in _SENTENCE_ENDS) + 1
    after = [i for i in (text.find(c, end) for c in _SENTENCE_ENDS) if i >= 0]
    return before, min(after, default=len(text))
