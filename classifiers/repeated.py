"""Repeated: the parent raises again a point the school has already addressed.

Policy: "continuing to raise the same issue despite it having been already addressed by the
school" and "continuing to contact the school after a decision ... without new or relevant
information". Four things must all hold:

1. **Addressed**: in the same thread (or the same specific matter) a member of staff replied
   after one of the parent's earlier emails. Holding replies never count, and nor does a
   short acknowledgement that only passes the email on ("I've passed this to Mr Khan, who
   will be in touch"): that is not an answer.
2. **Same point**: the new email's TF-IDF cosine similarity to one of those answered emails
   is at least ``similarity`` (fitted on the parent's own history, lightly stemmed).
3. **Little new information**: at most ``max_new_share`` of its distinct content words are
   in none of the parent's earlier emails on the matter nor the school's replies. Words of
   feeling or about the correspondence itself ("unacceptable", "still", "reply",
   "explain") are not information.
4. **Nothing new happened**: no attachment (the document the school asked for), no date that
   the earlier emails did not name (and that is not the date of the correspondence itself),
   no new incident ("again today", "this morning another", "another bruise") and no step in
   the complaints procedure ("formal complaint", "governors", "appeal"). "Again" next to
   a word about writing ("I am asking again") is repetition; next to a time of day ("he was
   pushed again at lunch today") it is a new incident.
5. **It ignores the answer**: an email closer to the school's answer than to the parent's
   own earlier email is engaging with it ("so just to check: on PE days she comes in her
   kit?"), and so is one that says it is confirming ("just to confirm", "have I understood").

Known weakness: a complete paraphrase ("he was protecting himself; that is not justice")
shares too few words with the first email to be seen; people see it in the timeline.

Config::

    [flags.repeated]
    similarity = 0.4        # cosine to the earlier, answered email
    max_new_share = 0.25    # share of new content words allowed ("little": a quarter)
    lookback_days = 42
    min_words = 8

Must catch: "I still do not understand why Oliver cannot wear his black trainers ..." a week
after the head of year explained the uniform policy on footwear.
Must not: "It happened again at lunch today: he was pushed off the bench" on a bullying thread
the school answered last week (a new incident), or "Please find attached the letter from
his consultant" after the school asked for it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
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
    new_words,
    same_matter,
    school_zone,
    similarities,
    stem,
    when,
    words,
)
from classifiers.volume import WorkingCalendar


@dataclass(frozen=True)
class Settings:
    similarity: float = 0.4
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


# Words that carry feeling or talk about the correspondence, not about the matter.
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
""".split()
NO_INFORMATION = frozenset(_NO_INFORMATION) | frozenset(stem(w) for w in _NO_INFORMATION)

# "call"/"ring" are left out: "calling him names again today" is an incident.
_COMMUNICATION = frozenset(
    """
    email emailing emailed write writing wrote ask asking asked chase chasing contact
    contacting reply replying respond responding answer hear heard phoning send sending
    sent raise raising remind reminding mention
    mentioning wait waiting explain explaining say saying tell telling repeat repeating
    """.split()
)
_WHEN = (
    r"today|tonight|this morning|this afternoon|this evening|yesterday|last night"
    r"|at lunch(?:time)?|at break(?:time)?|at playtime|on the bus|in pe|after school"
    r"|before school|this week|on the way home"
)
_AGAIN_WHEN = re.compile(rf"\bagain\b[^.?!;]{{0,30}}?\b(?:{_WHEN})\b")
_WHEN_AGAIN = re.compile(rf"\b(?:{_WHEN})\b[^.?!;]{{0,40}}?\bagain\b")
_ANOTHER = re.compile(
    r"\b(?:another|a new|a further|a second|a third|more)\s+"
    r"(?:incident|bruises?|injur(?:y|ies)|fight|attack|messages?|comments?|notes?|"
    r"detentions?|episodes?|occasion|mark|marks|scratch(?:es)?|cuts?|threats?|texts?)\b"
)
_HAPPENED = re.compile(r"\b(?:it|this|the same)\s+(?:has\s+)?happened\s+again\b")
_ESCALATION = re.compile(
    r"\b(?:formal complaint|complaints? (?:procedure|policy|process)|stage (?:two|three|2|3)"
    r"|chair of (?:the )?governors|governing (?:body|board)|governors|appeal|ofsted"
    r"|local authority|escalat\w*)\b"
)
_CONFIRM = re.compile(
    r"\b(?:just to (?:check|confirm|clarify)|so to (?:check|confirm)"
    r"|can i (?:just )?(?:check|confirm)|am i right (?:in thinking )?that|have i understood)\b"
)
_ACK_ONLY = re.compile(
    r"\b(?:pass(?:ed|ing)? (?:this|your (?:email|message|concerns?))(?: on)? to"
    r"|forward(?:ed|ing)? (?:this|your (?:email|message))"
    r"|(?:will|'ll) (?:get back to you|be in touch|look into (?:this|it)|respond|reply)"
    r"|(?:has|have) been passed"
    r"|(?:will|'ll) (?:find out|check|ask) and)\b"
)
_ACK_ONLY_MAX_WORDS = 60


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
    parent_before = [m for m in matter if is_parent_mail(m)]
    answered = [p for p in parent_before if any(a.received_at > p.received_at for a in answers)]
    if not answered or _new_event(message) or _CONFIRM.search(message.text.lower()):
        return None

    known_dates = (
        frozenset().union(*(date_mentions(m.text) for m in matter))
        | dates_of((m.received_at for m in matter), zone)
        | dates_of([message.received_at], zone)
    )
    fresh_dates = sorted(date_mentions(message.text) - known_dates)
    if fresh_dates:
        return None

    background = [m.text for m in past if is_parent_mail(m)]
    scores = similarities(message.text, [p.text for p in answered], background)
    best_sim, repeats = max(zip(scores, answered, strict=True), key=lambda pair: pair[0])
    if best_sim < settings.similarity:
        return None

    # A reply that echoes the school's answer more than the parent's own email is engaging
    # with it (confirming, quoting it back to ask about it), not ignoring it.
    echo = max(similarities(message.text, [a.text for a in answers], background))
    if echo >= best_sim:
        return None

    own = distinct_content_words(message.text, NO_INFORMATION)
    fresh = new_words(message.text, [m.text for m in matter], NO_INFORMATION)
    share = len(fresh) / len(own) if own else 0.0
    if share > settings.max_new_share:
        return None

    answer = next(a for a in answers if a.received_at > repeats.received_at)
    evidence: dict[str, Any] = {
        "repeats": {
            "id": repeats.message_id,
            "at": iso(repeats.received_at),
            "similarity": round(best_sim, 3),
        },
        "answer": {
            "id": answer.message_id,
            "at": iso(answer.received_at),
            "text": answer.text.strip()[:200],
        },
        "school_answers": len([a for a in answers if a.received_at > repeats.received_at]),
        "new_word_share": round(share, 3),
        "new_words": fresh[:20],
    }
    explanation = (
        f"Raises the same point as {when(repeats.received_at, zone, time=False)} "
        f"(similarity {best_sim:.2f}) after the school answered on "
        f"{when(answer.received_at, zone, time=False)}; little new information "
        f"({share:.0%} new words)"
    )
    score = min(1.0, 0.5 * best_sim + 0.5 * (1.0 - share))
    return Finding(
        kind="repeated", score=round(score, 3), explanation=explanation, evidence=evidence
    )


def _acknowledgement_only(m: PastMessage) -> bool:
    """A short reply that passes the email on or promises an answer has not addressed it."""
    return len(words(m.text)) < _ACK_ONLY_MAX_WORDS and _ACK_ONLY.search(m.text.lower()) is not None


def _new_event(message: PastMessage) -> bool:
    """A new incident or a step in the complaints procedure: not a repeat."""
    text = message.text.lower()
    if _ANOTHER.search(text) or _HAPPENED.search(text) or _ESCALATION.search(text):
        return True
    for pattern in (_AGAIN_WHEN, _WHEN_AGAIN):
        for match in pattern.finditer(text):
            clause_start = max(text.rfind(c, 0, match.start()) for c in ".?!;\n")
            clause = text[clause_start + 1 : match.end()]
            if not _COMMUNICATION.intersection(re.findall(r"[a-z]+", clause)):
                return True
    return False
