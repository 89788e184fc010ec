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

Two further routes to "same point" (2.) for re-asks in other words (politeness, sarcasm,
non-native English), both still bound by 1., 3.-5. and by a stricter "new information" test
(no news words such as "consultant" or "has now", names not counted as news, at most
1.6 x ``max_new_share`` new words or a single one):

- **Says it asks again**: the email says so ("as I said", "further to my earlier email",
  "please reconsider", or "again"/"once more"/"one more time"/"for the third time"/"I still"
  next to a verb of asking or wanting: "I ask again", "we still feel"), and it shares at least
  two words with the answered emails, one of which the school's answer used too (the point
  at issue: "deposit").
- **Third ask**: the parent's previous answered email was itself a repeat, and this one
  shares a word of the point at issue; then "just to check" no longer saves it (asked and
  answered twice), unless it works in the answer's terms more than in the parent's own.

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
from datetime import timedelta, tzinfo
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
_ARGUING = re.compile(r"\b(?:surely|doesn't|wouldn't|isn't|don't you (?:think|agree))\b")
_BUT = re.compile(r"\b(?:but|however|still|yet|although|though)\b")
_ACK_ONLY = re.compile(
    r"\b(?:pass(?:ed|ing)? (?:this|your (?:email|message|concerns?))(?: on)? to"
    r"|forward(?:ed|ing)? (?:this|your (?:email|message))"
    r"|(?:will|'ll) (?:get back to you|be in touch|look into (?:this|it)|respond|reply)"
    r"|(?:has|have) been passed"
    r"|(?:will|'ll) (?:find out|check|ask) and)\b"
)
_ACK_ONLY_MAX_WORDS = 60
_SHORT_REPLY_WORDS = 30  # a reply to the school's question this short is conversation
# Numbers (times, amounts, counts, sets): "4pm", "3.30", "£40", "2". Ordinals are dates.
_NUMBER = re.compile(r"(?<![\w.])(\d+(?:[.:]\d+)?)(?:am|pm)?(?!\w|[.:]\d)")
_YEAR_GROUP = re.compile(r"\b(?:year|yr|y)\s*$")


# The second route: the email itself says it asks again. Phrases about the correspondence
# say so on their own ("as I said", "further to my earlier email", "please reconsider");
# an adverb of repetition ("again", "once more", "for the third time", "still") says so only
# next to a verb of asking, wanting or saying ("I ask again", "I'll say it one more time",
# "we still feel"), and never in a sentence about a day ("once more at lunch today").
_SAID_BEFORE = re.compile(
    r"\b(?:(?:as|like) (?:i|we)(?:'ve| have|'d| had)? (?:already |previously )?"
    r"(?:said|stated|mentioned|explained|asked|requested|written|wrote|told you|pointed out"
    r"|made clear|say)"
    r"|as (?:per|in|stated in) (?:my|our) (?:previous|last|earlier|first|original|other) "
    r"(?:email|e-mail|message|letter|request)"
    r"|as previously (?:stated|mentioned|requested|explained|said|asked)"
    r"|further to (?:my|our) (?:previous|last|earlier|first|original) (?:email|e-mail|message"
    r"|letter|request)"
    r"|(?:i|we)(?:'ve| have)? already (?:asked|said|told|explained|requested|mentioned|written)"
    r"|(?:i|we) (?:must |have to |will |'ll )?(?:repeat|reiterate)|to (?:repeat|reiterate)"
    r"|(?:my|our) (?:request|position|point|question|view) (?:still )?(?:stands|remains)"
    r"|(?:i|we) (?:do not|don't|cannot|can't|will not|won't) accept"
    r"|reconsider|think again|change your mind)\b"
)
# Strong re-ask markers: the email says in so many words that it asks again or pushes back on
# the answer, in any register ("I'm still not clear why", "perhaps I didn't make myself clear",
# "let me try again", "third time lucky", "further to your reply", "I remain of the view").
# With one of these the point may be put in new words: more new words are allowed, and the
# words in common may be the school's as well as the parent's, but news still stops it.
_STRONG_REASK = re.compile(
    r"\b(?:still (?:(?:not|un|none the) ?(?:clear|sure|convinced|wiser)|unclear|confused|baffled"
    r"|(?:do not|don't|dont|can't|cant|cannot|fail to|do not|really don't) (?:understand|see|get))"
    r"|(?:didn't|did not|haven't|have not|not|never) (?:make|made) (?:myself|my (?:point|request"
    r"|position)|it|this|things) (?:clear|plain)"
    r"|(?:i'll|i will|ill|let me|i'm going to|im going to|i shall) (?:try|put it|say it|explain it"
    r"|spell it out|ask) (?:again|once more|one more time|another way|differently|more simply"
    r"|slowly|simply|agen)(?! later| tomorrow| tonight| on | with | after| when)"
    r"|(?:second|third|fourth|fifth|2nd|3rd|4th|5th|nth|umpteenth|hundredth) time (?:lucky"
    r"|of asking|(?:i|we)(?:'ve| have)? (?:asked|written|raised|emailed))"
    r"|further to (?:your|the school's|the schools|mr \w+'s|mrs \w+'s|miss \w+'s|ms \w+'s) "
    r"(?:reply|response|email|e-mail|letter|answer|decision|message)"
    r"|(?:i|we) (?:must |still )?remain (?:of the (?:view|opinion)|unconvinced|unhappy|concerned"
    r"|dissatisfied|convinced|unpersuaded)"
    r"|(?:i|we) (?:do not|don't|dont|cannot|can't|will not|won't) accept"
    r"|(?:ask|request|urge) (?:that )?(?:you|the school|the head(?:teacher)?|the decision) "
    r"(?:is |be )?(?:reconsider|review|revisit|look again)"
    r"|reconsider|think again|change your mind|look (?:at (?:this|it|that) )?again"
    r"|take another look|ask(?:ing)? (?:agen|agin))\b"
)
_STRONG_NEW_FACTOR = 2.4  # a re-ask that says so in these words may add 60% new words by default
_REPETITION = re.compile(
    r"\b(?:again|agen|agin|once more|one (?:more|last|final) time|(?:for|4) (?:the|a) "
    r"(?:second|third"
    r"|fourth|fifth|2nd|3rd|4th|5th|last|final|umpteenth|nth|hundredth|millionth) time"
    r"|(?<=i )still|(?<=we )still|(?<=i'm )still|(?<=im )still|(?<=we're )still)\b"
)
_ASKING = frozenset(
    """
    ask asking asked request requesting say saying write writing tell telling repeat put
    want wanted like wish need think believe feel disagree accept understand insist expect
    please beg
    """.split()
)
_ASKING_NEAR = 4  # words either side of the adverb
_REASK_NEW_FACTOR = 1.6  # a re-ask that says so may add more words: 40% by default
# New words that carry news in a re-ask: a professional's opinion, a document, a diagnosis.
_NEWS = frozenset(
    """
    doctor gp consultant hospital diagnos diagnosed diagnosis physio physiotherapist nurse
    paediatrician camh specialist therapist psychologist report evidence certificate
    prescription prescribed medication operation surgery injury injured police social
    solicitor
    """.split()
)
_NEWS_RE = re.compile(
    r"\b(?:since (?:then|my last|your (?:reply|email|answer|letter))|found out|turns out"
    r"|(?:has|have|is|are) now|(?:has|have) changed|update|also|separately|in addition"
    r"|additionally|furthermore|another thing|new)\b"
)
# Words a re-ask adds that are not about the matter: politeness and sarcasm ("I'm sure you'll
# appreciate", "thanks ever so much"), checking words, quantity, and where the child is.
_NOT_NEWS = frozenset(
    """
    appreciate appreciat lot lots ever much sure certain definitely definite check checking
    confirm possible possibly way thing something anything everything youll youre youve youd
    itll class classe lesson classroom kind kindly grateful wonder wondering bit little
    earlier early previous original reconsider review reviewed trust obviously significantly
    considerably sense good
    """.split()
)
_TITLES = re.compile(r"\b(?:mr|mrs|ms|miss|mx|dr|sir)\.? ([a-z]+)")
_SIGN_OFF_WORDS = 3
_PROPER = re.compile(r"(?<=[a-z,;:] )([A-Z][a-z]+)\b")


def detect(
    message: PastMessage,
    history: Sequence[PastMessage],
    settings: Settings = Settings(),
    *,
    calendar: WorkingCalendar | None = None,
) -> Finding | None:
    zone = school_zone(calendar)
    found = _judge(message, clean_history(message, history), settings, zone, third=True)
    if found is None:
        return None
    share_same = len(found.shared) / len(found.own)
    share = len(found.fresh) / len(found.own)
    # The earlier email it repeats most (the earliest of equals), and the school's first
    # answer after that one.
    overlap = [len([w for w in found.own if w in _stems(p.text)]) for p in found.answered]
    repeats = found.answered[overlap.index(max(overlap))]
    later = [a for a in found.answers if a.received_at > repeats.received_at]
    answer = later[0]
    evidence: dict[str, Any] = {
        "route": found.route,
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
        "school_answers": len(later),
        "same_words": found.shared[:20],
        "new_word_share": round(share, 3),
        "new_words": found.fresh[:20],
    }
    if found.marker:
        evidence["says_again"] = found.marker
    answered_on = when(answer.received_at, zone, time=False)
    little = f"little new information ({share:.0%} new words)"
    if found.route == "same words":
        explanation = (
            f"Raises the same point as {when(repeats.received_at, zone, time=False)} "
            f"({len(found.shared)} of {len(found.own)} key words said before) after the school "
            f"answered on {answered_on}; {little}"
        )
    else:
        said_as = (
            f'Says it is asking again ("{found.marker}")'
            if found.route == "says again"
            else f"Asks a third time ({len(found.answered)} earlier asks answered)"
        )
        explanation = (
            f"{said_as} about the point of {when(repeats.received_at, zone, time=False)} "
            f"({', '.join(_surface(message.text, found.point[:4]))}) after the school answered "
            f"on {answered_on}; {little}"
        )
    score = min(1.0, 0.5 * share_same + 0.5 * (1.0 - share))
    return Finding(
        kind="repeated", score=round(score, 3), explanation=explanation, evidence=evidence
    )


@dataclass(frozen=True)
class _Judgement:
    route: str  # "same words", "says again" or "third time"
    own: list[str]  # the new email's words of substance
    shared: list[str]  # those the parent had written in answered emails
    fresh: list[str]  # those in none of the emails on the matter
    point: list[str]  # shared words the school's answers used too: the point at issue
    marker: str  # the words saying it is asked again ("as I said"), or ""
    answers: list[PastMessage]
    answered: list[PastMessage]


def _judge(
    message: PastMessage,
    past: list[PastMessage],
    settings: Settings,
    zone: tzinfo | None,
    *,
    third: bool,
) -> _Judgement | None:
    """Whether ``message`` repeats an answered point, and by which route; ``past`` is the
    clean history before it. ``third`` allows the third-ask route (it looks at whether the
    previous ask was itself a repeat, so it is not used for that previous ask)."""
    if not is_parent_mail(message) or message.attachments:
        return None  # an attachment is new information: the form, the letter, the photo
    if len(words(message.text)) < settings.min_words:
        return None
    since = message.received_at - timedelta(days=settings.lookback_days)
    matter = [m for m in past if m.received_at >= since and same_matter(m, message)]
    answers = [m for m in matter if is_school_answer(m) and not _acknowledgement_only(m)]
    if not answers:
        return None
    answered = [
        p
        for p in matter
        if is_parent_mail(p)
        and any(a.received_at > p.received_at for a in answers)
        and not _answers_a_question(p, matter)
    ]
    text = message.text.lower()
    strong = _STRONG_REASK.search(text)
    if not answered or _new_event(text) or _accepts(text):
        return None
    if not strong and _answers_a_question(message, matter):
        return None  # a reply to what the school just asked: a conversation

    known_dates = (
        frozenset().union(*(date_mentions(m.text) for m in matter))
        | dates_of((m.received_at for m in matter), zone)
        | dates_of([message.received_at], zone)
    )
    if date_mentions(message.text) - known_dates:
        return None
    if _numbers(message.text) - frozenset().union(*(_numbers(m.text) for m in matter)):
        return None  # a new time, amount or count: "could we do 4 instead?"

    said = frozenset().union(*(_stems(p.text) for p in answered))
    known = frozenset().union(*(_stems(m.text) for m in matter))  # the school's words too
    replied = frozenset().union(*(_stems(a.text) for a in answers))
    confirming = _CONFIRM.search(text) is not None

    # 1. The same words: most of what it says of substance the parent had already written.
    own = distinct_content_words(message.text, NO_INFORMATION)
    shared = [w for w in own if w in said]
    fresh = [w for w in own if w not in known]
    if (
        not confirming
        and len(shared) >= _MIN_SHARED
        and len(shared) / len(own) >= settings.similarity
        and (len(fresh) / len(own) <= settings.max_new_share or len(fresh) <= 1)
    ):
        point = [w for w in shared if w in replied]
        return _Judgement("same words", own, shared, fresh, point, "", answers, answered)

    # 2. and 3. Fewer words in common, but the email says it is asking again, or the point
    # was already asked and answered twice: any of the point's words is enough, and more
    # new words are allowed, as long as none of them is news or a document.
    names = _names(message.text)
    own = [w for w in _own_words(message.text) if w not in names]
    shared = [w for w in own if w in said]
    proper = _proper_names(message.text)  # "since Harriet won't be going": not news
    fresh = [w for w in own if w not in known and w not in proper]
    point = [w for w in shared if w in replied]
    if not own or _NEWS.intersection(fresh) or _NEWS_RE.search(text):
        return None
    too_new = len(fresh) / len(own) > settings.max_new_share * _REASK_NEW_FACTOR and len(fresh) > 1
    if not strong and (not point or too_new):
        return None
    span = _reask_marker(text)
    marker = message.text[span[0] : span[1]] if span and len(text) == len(message.text) else ""
    if span and not marker:
        marker = text[span[0] : span[1]]
    if marker and point and not too_new and not confirming and len(shared) >= _MIN_SHARED:
        return _Judgement("says again", own, shared, fresh, point, marker, answers, answered)
    if strong and not confirming:
        # said in new words: the words in common may be the parent's or the school's answer's
        topical = [w for w in own if w in said or w in replied]
        if (
            len(topical) >= _MIN_SHARED
            and len(fresh) / len(own) <= settings.max_new_share * _STRONG_NEW_FACTOR
        ):
            marker = message.text[strong.start() : strong.end()]
            return _Judgement("says again", own, topical, fresh, point or topical, marker,
                              answers, answered)  # fmt: skip
    taken = [w for w in own if w not in said and w in replied]  # the answer's own terms
    if not point or too_new:
        return None
    if third and len(taken) <= len(shared) and _asked_before(answered[-1], past, settings, zone):
        return _Judgement("third time", own, shared, fresh, point, marker, answers, answered)
    return None


def _asked_before(previous: PastMessage, past: list[PastMessage], settings: Settings,
                  zone: tzinfo | None) -> bool:  # fmt: skip
    """The parent's previous answered email was itself a repeat of an answered point."""
    before = [m for m in past if m.received_at < previous.received_at]
    return _judge(previous, before, settings, zone, third=False) is not None


def _answers_a_question(m: PastMessage, matter: Sequence[PastMessage]) -> bool:
    """A short email sent after the school's last message on the matter asked something
    ("Would Thursday or Friday suit?"): the parent answering, not raising a point."""
    before = [p for p in matter if p.received_at < m.received_at and is_school_answer(p)]
    return bool(before) and "?" in before[-1].text and len(words(m.text)) <= _SHORT_REPLY_WORDS


def _acknowledgement_only(m: PastMessage) -> bool:
    """A short reply that passes the email on or promises an answer has not addressed it."""
    return len(words(m.text)) < _ACK_ONLY_MAX_WORDS and _ACK_ONLY.search(m.text.lower()) is not None


def _reask_marker(text: str) -> tuple[int, int] | None:
    """Where ``text`` (lower case) says it asks again ("as I said", "I ask again"), or None."""
    found = _SAID_BEFORE.search(text)
    if found and not _WHEN_RE.search(text, *_sentence(text, found.start(), found.end())):
        return found.span()
    for match in _REPETITION.finditer(text):
        start, end = _sentence(text, match.start(), match.end())
        if _WHEN_RE.search(text, start, end):
            continue  # "once more at lunch today": an incident
        before = list(re.finditer(r"[a-z']+", text[start : match.start()]))[-_ASKING_NEAR:]
        after = list(re.finditer(r"[a-z']+", text[match.end() : end]))[:_ASKING_NEAR]
        asking = [w for w in before + after if w.group(0) in _ASKING or stem(w.group(0)) in _ASKING]
        if not asking:
            continue
        if asking[0] in before:  # "I ask again": from the pronoun or the verb to the adverb
            k = before.index(asking[0])
            k -= 1 if k > 0 and before[k - 1].group(0) in ("i", "we") else 0
            return start + before[k].start(), match.end()
        return match.start(), match.end() + asking[0].end()  # "once more I ask"
    return None


def _surface(text: str, stems: Sequence[str]) -> list[str]:
    """The words of ``text`` as written for the given stems ("hoodie" for "hoodi")."""
    out = []
    for s in stems:
        written = next((w for w in words(text) if s in _stems(w)), s)
        out.append(written)
    return out


@lru_cache(maxsize=4096)
def _own_words(text: str) -> list[str]:
    """The words of substance for the re-ask routes: no feeling, politeness or setting, and
    "comfiest" meets "comfy"."""
    out = [_fold(w) for w in distinct_content_words(text, NO_INFORMATION | _NOT_NEWS)]
    return list(dict.fromkeys(w for w in out if w not in _NOT_NEWS))


def _fold(word: str) -> str:
    """Comparatives and superlatives of -y adjectives meet their root: "comfier",
    "comfiest" and "comfy"."""
    if len(word) > 6 and word.endswith("iest"):
        return word[:-4] + "y"
    if len(word) > 5 and word.endswith("ier"):
        return word[:-3] + "y"
    return word


@lru_cache(maxsize=4096)
def _names(text: str) -> frozenset[str]:
    """Names in ``text``: after a title ("Mrs Parry") and a short sign-off ("Thanks, Elena")."""
    lowered = text.lower()
    found = set(_TITLES.findall(lowered))
    tail = re.split(r"[.?!,;\n]", lowered.strip().rstrip(".!"))[-1]
    tail_words = re.findall(r"[a-z]+", tail)
    if 0 < len(tail_words) <= _SIGN_OFF_WORDS:
        found.update(tail_words)
    return frozenset(found)


@lru_cache(maxsize=4096)
def _proper_names(text: str) -> frozenset[str]:
    """Stems of capitalised words inside a sentence ("... since Harriet won't"): names."""
    return frozenset(stem(w.lower()) for w in _PROPER.findall(text))


@lru_cache(maxsize=4096)
def _stems(text: str) -> frozenset[str]:
    """Every word of ``text`` and its stem, stop words included: what counts as said before
    ("move" is a stop word to the vectoriser, "moved" is not; both were said)."""
    tokens = [w.replace("'", "") for w in words(text)]
    # "hoodies" is "hoodie"s as well as "bully" -> "bullies", "scarves" is "scarf": all said.
    plurals = [stem(w[:-1]) for w in tokens if w.endswith("ies")]
    plurals += [w[:-3] + "f" for w in tokens if w.endswith("ves") and len(w) > 5]  # scarves
    return (
        frozenset(tokens)
        | frozenset(stem(w) for w in tokens)
        | frozenset(map(_fold, tokens))
        | frozenset(plurals)
    )


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
        start, end = _sentence(text, match.start(), match.end())
        if text[end : end + 1] == "?" or _ARGUING.search(text, start, match.start()):
            continue  # "Surely it makes sense to move him?": an argument, not acceptance
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
