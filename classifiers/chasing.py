"""Chasing: a follow-up sent before the school's deadline to acknowledge has passed.

Policy: "We ask that parents await a response from the school and that further emails are
not sent pending that response, unless the deadline has passed", and "demanding responses
within an unreasonable time scale" is unacceptable.

An earlier email from the parent is **pending** when it is in the same thread (or about the
same specific matter, sent within ``same_matter_days``), has a deadline (``ack_due``), has
not been acknowledged by the time of the new email (``acknowledged_at`` unset or later, and
no staff reply since; a holding reply is not an acknowledgement) and the new email arrives
before that deadline. In a thread, the earliest email nobody has acknowledged sets the
deadline: once it has passed the parent may chase, and sending the same email again does not
restart the clock. A follow-up to a pending email is chasing when:

- it uses chasing language ("any update?", "still waiting", "I have not heard back",
  "chasing", "as per my previous email", "did you get my email?", "I expect a reply
  today"): the strongest evidence; or
- it asks the same thing again with little new (TF-IDF similarity ≥ ``similarity`` to the
  pending email and at most ``info_share`` new content words).

Polite chases count as chasing words too ("just following up", "sorry to bother you
again", "have you had a chance to look?", "did my email get through?", "I've had the
automatic reply, but ..."), and so does wanting a reply by a named day before the school's
deadline ("I need someone to check this before Monday" when the school has until Wednesday).

A follow-up that only adds information ("I forgot to say, the appointment is at 2pm", a form
attached) is not chasing, nor is a correction ("the time in my last email was wrong, here it
is again") or the same request for a brother or sister ("can Archie ..." then "can Ruby
...", "my other son ... too"), and nothing sent after the deadline is: the policy invites the
parent to get in touch then. With ``flag_demands`` (default on) an email that demands a reply
within an unreasonable time ("I expect a full response by 3pm today", "we need to hear back
tonight", "I want someone to phone me this evening", "reply within the hour", "call me first
thing") is flagged even when it is the first one: the policy names that too, but not when
the email reports an emergency (a child missing or not come home, hurt, in hospital, the
police involved): then a same-day request is reasonable. "If possible"
or "when someone gets a chance" makes it a request, not a demand. A demand is the parent
wanting (expect, require, insist, want, need, would like) or telling the school it must
("you need to", "someone must") reply, call or explain, or an imperative ("reply by
return"); the deadline is a same-day word near it, or a deadline anywhere later in the
sentence ("... by 3pm today", "today at the latest", "within two hours"), or "you have until
5pm". Long demands are quoted by their two ends ("i expect a full explanation … by 3pm
today"). The parent's own plans ("I need to collect him by 3pm today") are not demands.

Chasing words come in every register: formal ("I have as yet received no response", "I
have not had the courtesy of a reply", "the school has yet to respond"; "further to my email
of Monday" together with "I should be grateful for a reply at your earliest convenience",
though either alone is courtesy and both are void with an attachment or a correction) and
text-speak or second-language English ("hellooo??", "anything yet?", "update pls", "no
answer until now", "kindly revert"). The same email sent again in a new thread (similarity
≥ 0.9, the duplicate flag's default) is about the same matter whatever its label: pressing
again before the deadline is chasing.

Config::

    [flags.chasing]
    same_matter_days = 5
    similarity = 0.5
    info_share = 0.4
    flag_demands = true
    ignore_within_minutes = 5  # a copy this soon without chasing words is a double send
    extra_phrases = []       # more chasing phrases (regular expressions, lower case)

Must catch: Monday 10:00 "Could you tell me whether Year 4 need wellies for the trip?",
Tuesday 09:00 "Any update on this?" → "Follow-up 23 hours after the first email ('any
update'); the school's deadline is Thu 19 Nov 10am".
Must not: the same "Any update?" on Friday after the Thursday 10:00 deadline passed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from functools import lru_cache
from typing import Any

from classifiers.base import Finding, PastMessage
from classifiers.textsim import (
    clean_history,
    clock,
    distinct_content_words,
    gap,
    is_parent_mail,
    is_school_answer,
    iso,
    new_words,
    same_matter,
    school_zone,
    similarities,
)
from classifiers.volume import WorkingCalendar


@dataclass(frozen=True)
class Settings:
    same_matter_days: float = 5
    similarity: float = 0.5
    info_share: float = 0.4
    flag_demands: bool = True
    ignore_within_minutes: float = 5
    extra_phrases: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.same_matter_days < 0:
            raise ValueError(f"same_matter_days: must be 0 or more, not {self.same_matter_days}")
        for name in ("similarity", "info_share"):
            if not 0.0 <= getattr(self, name) <= 1.0:
                raise ValueError(f"{name}: must be between 0 and 1, not {getattr(self, name)}")
        for phrase in self.extra_phrases:
            try:
                re.compile(phrase)
            except re.error as exc:
                raise ValueError(f"extra_phrases: {phrase!r} is not a pattern ({exc})") from exc


_WHO = (
    r"(?:someone|somebody|anyone|anybody|you|u|ya|the school|the office|a teacher|(?:his|her"
    r"|their|the) (?:teacher|tutor|head of year)|the (?:deputy )?head(?: ?teacher)?"
    r"|(?:mr|mrs|ms|miss|dr) [a-z]+)"
)
_REPLY = r"(?:reply|response|answer|call|call back|phone call|explanation|update)"
_CHASING: tuple[str, ...] = (
    r"any (?:update|news|progress|word|feedback)s?\b",
    r"(?:an|for an?) update\b",
    r"\bupdate,? please\b|\bupdate\s*\?",
    r"still (?:waiting|not heard|haven'?t heard|have not heard|nothing|no (?:reply|response|answer"
    r"|word|news)"
    r"|awaiting|not had|haven'?t had|have not had)",
    r"(?:haven'?t|have not|not yet|yet to|still not|did ?n'?t|didn'?t) (?:heard|hear|had|receive"
    r"|received|get|got) (?:back|a (?:reply|response|answer)|anything|any (?:reply|response))",
    r"\bno ?(?:one|body) has (?:replied|responded|got back|come back|answered|been in touch)",
    r"\b(?:has|have) (?:no ?one|no ?body|anyone|anybody) (?:replied|responded|got back|answered"
    r"|been in touch)",
    r"\b(?:have|has) (?:you|anyone|anybody|someone|somebody)\b[^.?!]{0,40}\byet\s*\?",
    r"only (?:had|got|received) (?:an? )?(?:automatic|automated|auto)[- ]?(?:reply|response"
    r"|email|message)",
    r"\bno (?:reply|response|answer) (?:yet|so far|as yet)",
    r"\bchas(?:e|ing)\b",
    r"follow(?:ing)?[ -]up on my (?:previous|earlier|last|email|message)",
    r"as per my (?:previous|last|earlier|original) (?:email|message)",
    r"(?:did|has) (?:you|anyone|someone) (?:get|got|receive|received|see|seen|read) my "
    r"(?:previous |last |earlier )?(?:email|message)",
    # "just checking u got my msg", "can you confirm you have received my email", "did ya
    # see my e-mail": whether the earlier email arrived, in every register
    r"\b(?:you|u|ya|yous|anyone|anybody|someone|somebody|the (?:office|school))(?:'ve| have"
    r"| has|'s)? (?:got|gotten|get|had|received|recieved|recived|receive|seen|saw|see|read)"
    r" my (?:previous |last |earlier |first |other |original )?(?:e-?mail|message|msg|mail"
    r"|note|text)s?\b",
    r"(?:can|could|will|would) (?:someone|somebody|anyone|you) (?:please )?"
    r"(?:get back to me|reply|respond|answer|come back to me)",
    r"please (?:reply|respond|get back to me|answer)",
    r"(?:waiting|still waiting) (?:for|on) (?:a|an|your|some) " + _REPLY,
    r"\bhello\s*\?",
    r"\b(?:is )?any(?:one|body) (?:there|reading (?:these|this|my))",
    r"(?:second|third|fourth|fifth|\d+(?:st|nd|rd|th)) (?:time|email) (?:i(?:'ve| have)|i am|i'm)"
    r" (?:emailed|asked|written|sent|contacted|writing|asking)",
    r"(?:re-?sending|sending (?:this|it) again|in case you missed)",
    r"i(?:'m| am) (?:still )?(?:waiting|awaiting)",
    r"i(?:'m| am) yet to (?:receive|hear|get|have)",
    r"appreciate (?:an?|some) (?:answer|reply|response|update)",
    r"sorry to (?:chase|be a pain|keep emailing|bother you again|nag)",
    # polite nudges: "just following up", "sorry to bother you again", "any joy?"
    r"\bjust (?:following|checking) (?:up|in|back)\b|\bchecking in (?:on|about|re)\b",
    r"\bfollowing up (?:on|about|re|regarding) (?:this|my|the|our|that)\b",
    r"sorry (?:to|for) (?:bother|trouble|pester|nag|hassl|chas)[a-z]* (?:you )?(?:again|once more)",
    r"(?:hate|don'?t (?:want|like)) to (?:chase|nag|pester|be a pain|keep emailing)",
    r"\b(?:you|anyone|anybody|someone|somebody|(?:mr|mrs|ms|miss|dr) [a-z]+)(?:'d|'ve| had"
    r"| have| has| got)? (?:had |have |get |got )?(?:a|the) chance to (?:look|read|reply"
    r"|respond|see|check|consider|think|answer)",
    r"\bany (?:joy|luck)\b",
    r"\b(?:did|has) my (?:previous |last |earlier |first )?(?:email|message) (?:get through"
    r"|arrive|reach|come through|go through)",
    r"not sure (?:if|whether) my (?:email|message) (?:got through|arrived|reached|went through)",
    r"(?:gentle|friendly) (?:reminder|nudge)|\bnudg(?:e|ing) (?:this|my)\b|\bbump(?:ing)? this\b",
    # the holding reply is not an answer: "I've had the automatic reply, but ..."
    r"(?:got|had|received|seen|read) (?:your|the) (?:automatic|automated|auto|holding"
    r"|out[- ]of[- ](?:the[- ])?office)[- ]?(?:reply|response|email|message)",
    r"\b(?:has|have) (?:it|this|that|the [a-z]+(?: [a-z]+)?|anything|anyone|someone) "
    r"(?:been|got) (?:checked|looked at|looked into|done|sorted|found|dealt with|passed on)\b",
    # "no reply" in every register: "I have as yet received no response", "we've had no
    # answer", "I have not had the courtesy of a reply", "I did not receive any answer"
    r"\b(?:i|we)(?:'ve| have|'d| had)?(?: (?:as yet|yet|still|so far|to date|unfortunately"
    r"|now|again|since))* (?:received|had|got|heard) (?:absolutely )?(?:no|not (?:a|one|any))"
    r" (?:[a-z]+ )?(?:reply|response|answer|acknowledge?ment|call ?back)",
    r"\b(?:heard|received|had|got) (?:absolutely )?nothing (?:back|(?:at all )?from (?:you|the "
    r"school|school|the office|anyone|anybody|the teacher|him|her|them))\b",
    r"\b(?:heard|received) nothing(?= *[.!?,;]| *$| yet| so far| as yet| to date)",
    r"(?:haven'?t|have not|hasn'?t|has not|not yet|yet to|still not|did ?n'?t|did not|never)"
    r" (?:even )?(?:heard|had|received|got|get|been (?:given|sent|offered))"
    r" (?:(?:so much as|even|the (?:courtesy|decency) of) )?(?:a|an|any|one)"
    r"(?: [a-z]+)? (?:reply|response|answer|acknowledge?ment|call ?back|phone call)",
    r"\b" + _WHO + r" (?:still |even )?(?:ha(?:ve|s)(?:n'?t| not)|did ?n'?t|did not|never"
    r"|(?:ha(?:ve|s)|is|are) yet to)(?: even| yet| so far)? (?:replied|responded|answered|got back"
    r"|come back|acknowledged|called|rung|phoned|reply|respond|answer|get back|acknowledge"
    r"|call|ring|phone)\b",
    r"\bno (?:reply|response|answer|acknowledge?ment) (?:to date|has (?:yet )?been|(?:was |is )?"
    r"(?:received|forthcoming)|(?:until|till|up to) now)|(?:until|till|up to) now no\b",
    r"\b(?:your|a|any) (?:reply|response|answer|acknowledge?ment) (?:is |has been )?"
    r"(?:still |now )?(?:awaited|outstanding|overdue)\b",
    # text-speak and second-language chases: "hellooo??", "anyone??", "anything yet?"
    r"\bhel+o+\b\s*\?|\b(?:any(?:one|body)|well|so|hi|hey)\s*\?{2,}",
    r"\bany (?:reply|replies|response|responses|answer|answers)\b",
    r"\bupdates?,? (?:pls|plz|please)\b|\bnothing (?:yet|so far|as yet)\b",
    r"\banything (?:yet|back|at all)\s*\?",
    r"\bwaiting (?:for )?(?:your|an?|the|some) (?:reply|response|answer|update)",
    r"\bkindly (?:revert|reply|respond|update)\b|\b(?:please )?revert back\b",
    r"\bwhere (?:are|am) (?:we|i|things)(?: up to)? (?:with|on) (?:this|my|it|the)\b",
    r"\bwhat(?:'s| is) (?:happening|the (?:status|latest)) (?:with|on|about|re) (?:this|my|it)\b",
)
# A reply wanted sooner than any school could fairly give one: the same day, within hours.
_CLOCK = r"\d{1,2}(?:[.:]\d\d)? ?(?:am|pm|o'?clock)\b|noon\b|midday\b|lunch ?time\b"
_NOT_LATER_DAY = r"(?! ?(?:on |next )?(?:mon|tue|wed|thu|fri|sat|sun|tomorrow|\d))"
# Words that are a deadline in themselves: "by 3pm", "within the hour", "by close of play".
_DEADLINE_WORDS = (
    r"(?:(?:by |before )?(?:the )?end of (?:the )?(?:school |working )?(?:day|today)|(?:by )?"
    r"close of (?:play|business|today|the day)|by return|eod\b|cob\b"
    r"|within (?:the |an |one |a |a few |a couple of |the next (?:few )?)?(?:\d{1,2} |one |two "
    r"|three |four |a couple of )?hours?\b|within the day|immediately|asap|a\.s\.a\.p"
    r"|straight away|right away|right now|at once"
    r"|forthwith|without (?:any )?(?:further )?delay"
    r"|(?:by|before) (?:" + _CLOCK + r")" + _NOT_LATER_DAY + r")"
)
_SOON = (
    r"(?:today|tonight|this (?:morning|afternoon|evening)|first thing|now(?=\s*(?:[.!?,]|please"
    r"|$))|" + _DEADLINE_WORDS + r")"
)
# The same, tied to the demand as its deadline ("... by 3pm today", "today at the latest",
# "no later than this afternoon"), so it may come at the end of a long sentence.
_DEADLINE = (
    r"(?:\b(?:by|before|(?:no|not) later than|until|till)\b [^.?!\n]{0,12}?\b(?:today|tonight"
    r"|this (?:morning|afternoon|evening))\b|" + _DEADLINE_WORDS + r"|\b(?:today|tonight|this "
    r"(?:morning|afternoon|evening))\b,? at the (?:very )?latest|(?:no|not) later than "
    r"(?:" + _CLOCK + r")" + _NOT_LATER_DAY + r")"
)
_THING = (
    r"(?:reply|response|answer|call|call back|callback|phone call|ring|explanation|update"
    r"|decision|confirmation|meeting|apology|account|assurance|investigation|justification)"
)
_I_NEED = (
    r"(?:\b(?:i|we)(?:'m| am| are|'d| would)? (?:really |urgently |absolutely |do |will |fully "
    r"|now |therefore |also )?(?:expect|demand|insist(?: on| upon)?|require|want|need|must have"
    r"|like|expecting|demanding|insisting|requiring|wanting|needing)"
    # the subject dropped, as in text-speak: "need to know today pls", "really need a reply"
    r"|(?:^|(?<=[.!?,;:] )|\b(?:just|really|urgently|still|pls|please) )(?:need|want|expect"
    r"|require|demand)(?! (?:it|this|that|him|her|them)\b))"
)
# The school told what it must do: "you need to call me", "someone must explain this".
_YOU_MUST = (
    r"\b" + _WHO + r" (?:really |still |therefore )?(?:must|needs? to|ha(?:ve|s) to|will|is to"
    r"|are to|had better|(?:is|are) (?:expected|required) to)"
)
_ACT = (
    r"(?:reply|respond|answer|get back to me|come back to me|call|ring|phone|contact|email"
    r"|text|let me know|tell me|confirm|look (?:at|into)|deal with|sort|check|explain|write to"
    r" me|apologi[sz]e)"
)
_GAP = r"\b[^.?!\n]{0,60}?\b"
_LONG_GAP = r"\b[^.?!\n]{0,160}?"
_WANTS = (
    # "I expect a (full written) response", "we need to hear back", "I want you to call me",
    # "I insist that someone phones me", "I want this sorted", "you must reply"
    r"(?:" + _I_NEED + r" (?:a |an |the |your |some )?(?:[a-z]+ ){0,3}?" + _THING + r"s?"
    r"|" + _I_NEED + r" to (?:know|hear|speak|talk|have an? (?:answer|reply|response))"
    r"|" + _I_NEED + r"(?: that)? " + _WHO + r" (?:to )?" + _ACT + r"s?"
    r"|" + _I_NEED + r" (?:this|it|that) (?:sorted|dealt with|looked (?:at|into)|resolved|fixed"
    r"|answered)"
    r"|" + _YOU_MUST + r" (?:please )?" + _ACT + r")"
)
_DEMAND = (
    # a same-day word close to the demand: "we need to hear back tonight"
    _WANTS + _GAP + _SOON,
    # a deadline at the end of a long demand: "I expect a full explanation of how ... and
    # what ... by 3pm today at the latest"
    _WANTS + _LONG_GAP + _DEADLINE,
    # "you have until 5pm to reply"
    r"\byou(?:'ve| have) (?:got )?(?:until|till|til) (?:" + _CLOCK + r"|the end of (?:the )?day"
    r"|close of (?:play|business)|tonight|this (?:morning|afternoon|evening))",
    # imperatives: "Phone me back this evening.", "please reply within the hour"
    r"(?:^|[.!?,;:]\s*|\bplease |\band |\bso |\bjust )(?:reply|respond|answer|get back to me"
    r"|(?:ring|call|phone|email|text|contact) me(?: back)?)\b[^.?!\n]{0,30}?\b" + _SOON,
)
# An emergency makes a same-day request reasonable: a child missing or not come home, hurt,
# in hospital, the police involved. "Ring me straight away" then is not a demand.
_EMERGENCY = re.compile(
    r"\b(?:did ?n'?t|did not|has ?n'?t|has not|have ?n'?t|have not|never|not|is not|is ?n'?t"
    r"|was ?n'?t|still not|not yet)(?: yet)? (?:come|came|coming|got|get|been|arrived?|returned?"
    r"|made it|make it)(?: back)? home\b"
    r"|\b(?:he|she|they|him|her|them|son|daughter|child|boy|girl|kid|children|boys|girls)"
    r"(?:'s| is| are| has| have| was| were| been| gone| went| now| reported| officially)*"
    r" missing\b|\breport(?:ed|ing)? (?:him|her|them|my [a-z]+) missing\b|\bmissing"
    r" (?:child|person|persons|children)\b"
    r"|\b(?:ran|run|running|runs) (?:away|off)\b|\b(?:can'?t|cannot|can not|could ?n'?t"
    r"|unable to) (?:find|locate|reach|get hold of) (?:him|her|them|my (?:son|daughter|child"
    r"|boy|girl|kids?|children))\b|\b(?:don'?t|do not|no one|nobody) knows? where (?:he|she"
    r"|they) (?:is|are)\b"
    r"|\b(?:in|to|at|from|into) (?:the )?(?:hospital|a ?& ?e|a and e|casualty|resus|intensive"
    r" care|icu)\b|\bambulance\b|\bparamedics?\b"
    r"|\bpolice (?:are|were|have|has|is|came|come|officers?|came round|looking)\b|\b(?:called"
    r"|rang|phoned|rung|told|informed|reported (?:it |this |him |her |them )?to) (?:the )?police"
    r"\b|\b999\b"
    r"|\b(?!(?:i|we|i'm|feelings)\b)[a-z']+ (?:was|is|got|has been|had been|were|came home|come"
    r" home)(?: very| badly| really| seriously| quite)? (?:hurt|injured|bleeding|unconscious)\b"
    r"|\b(?:concuss(?:ed|ion)|collapsed|seizure|overdose|self[- ]harm\w*|suicid\w*)"
)


def emergency(text: str) -> str | None:
    """The words reporting an emergency, as written (lower case), or ``None``."""
    m = _EMERGENCY.search(_lower(text))
    return m.group() if m else None


# An email this close to an earlier one in another thread is a copy of it (the threshold the
# duplicate flag uses by default).
_COPY_SIMILARITY = 0.9
_WANTS_RE = re.compile(_WANTS)
_DEADLINE_RE = re.compile(_DEADLINE)
_QUOTE_CHARS = 80
# A formal chase refers to the earlier email and asks for a reply (both needed).
_REFERENCE = re.compile(
    r"\b(?:further to|following (?:up )?|with (?:reference|regard) to|in reference to|(?:i|we)"
    r" (?:refer|write further) to|re:?|regarding|as (?:stated|mentioned|set out) in) my "
    r"(?:previous |earlier |last |original |first |recent )?(?:e-?mail|message|letter|enquiry"
    r"|inquiry|query|request|correspondence)\b"
)
_ASK_REPLY = re.compile(
    r"\b(?:grateful|appreciate|thankful)\b[^.?!]{0,30}\b(?:reply|response|answer|update"
    r"|acknowledge?ment)|\b(?:at|by) your (?:very )?earliest (?:convenience|opportunity)"
    r"|\bas a matter of (?:urgency|priority)|\bas soon as (?:possible|you can|practicable)"
    r"|\b(?:please|kindly) (?:reply|respond|acknowledge)\b"
    r"|\b(?:await|awaiting) (?:your|a|an) (?:prompt |swift |early |urgent )?"
    r"(?:reply|response|answer)|\btime[- ]sensitive\b"
)
# A request, not a demand: "a call today if possible".
_COURTEOUS_LIMIT = re.compile(
    r"\b(?:if (?:possible|you can|at all possible|anyone is free|you get a chance)|when (?:you|"
    r"someone|somebody) (?:can|get a chance|gets? a (?:chance|moment))|no rush|no worries if)"
)
# A correction or resend with something changed is a new version, not a nudge.
_CORRECTION = re.compile(
    r"\b(?:correct(?:ed|ion|ing)|wrong (?:[a-z]+ )?(?:date|day|time|name|form|file|attachment"
    r"|email|class|year|amount|version|number)s?|i meant\b|typo|please (?:ignore|disregard)"
    r"|amended|updated (?:version|form|copy|date|dates|details)|should (?:have )?(?:said|read))"
)
# Phrases that say only "here it is again": void in a correction.
_RESEND = re.compile(r"re-?sending|sending (?:this|it) again|in case you missed")
# Another child, not the same request again: "for my other son", "... has a cold too".
_ANOTHER = re.compile(
    r"\b(?:(?:my|his|her|their|the) (?:other|twin|younger|older|little|big|eldest|youngest)"
    r" (?:son|daughter|child|boy|girl|twin|one)|(?:his|her|their) (?:twin|brother|sister)"
    r"|same (?:for|goes for)|(?:too|as well) ?(?:[.!,;)]|$))"
)
_NAME = re.compile(r"([A-Z][a-z]{2,})(?:'s)?")
_NOT_NAMES = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april"
    " may june july august september october november december year reception thanks"
    " thank regards christmas easter".split()
)
_ADDRESS = frozenset("hi hello dear mr mrs ms miss mx dr".split())


@lru_cache(maxsize=32)
def _compiled(extra: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    chasing = re.compile("|".join(f"(?:{p})" for p in (*_CHASING, *extra)))
    demand = re.compile("|".join(f"(?:{p})" for p in _DEMAND))
    return chasing, demand


def phrases(text: str, settings: Settings = Settings()) -> list[str]:
    """The chasing phrases and demands in a text, as written (lower case), in order."""
    chasing, _ = _compiled(tuple(settings.extra_phrases))
    low = _lower(text)
    found = [(m.start(), m.end(), _clean(m.group())) for m in chasing.finditer(low)]
    found += _formal_chase(low) + _demand_spans(low)
    out: list[str] = []
    last_end = -1
    for start, end, quote in sorted(found, key=lambda f: (f[0], -f[1])):
        if start >= last_end:  # overlapping matches are one phrase
            out.append(quote)
            last_end = end
    return out


def _formal_chase(low: str) -> list[tuple[int, int, str]]:
    """A formal chase: the earlier email referred to ("further to my email of Monday", "I
    refer to my letter") and a reply asked for ("I should be grateful for a reply at your
    earliest convenience"). Either alone is ordinary courtesy."""
    reference = _REFERENCE.search(low)
    ask = _ASK_REPLY.search(low)
    if reference is None or ask is None:
        return []
    return [
        (reference.start(), reference.end(), _clean(reference.group())),
        (ask.start(), ask.end(), _clean(ask.group())),
    ]


def demands(text: str) -> list[str]:
    """Demands for a reply within an unreasonable time ("I expect a response today")."""
    return [quote for _, _, quote in _demand_spans(_lower(text))]


def _demand_spans(low: str) -> list[tuple[int, int, str]]:
    _, demand = _compiled(())
    out = []
    for m in demand.finditer(low):
        start = max(low.rfind(c, 0, m.start() + 1) for c in ".?!") + 1
        ends = [i for i in (low.find(c, m.end()) for c in ".?!") if i >= 0]
        if not _COURTEOUS_LIMIT.search(low, start, min(ends, default=len(low))):
            out.append((m.start(), m.end(), _shorten(m.group())))
    return out


def _shorten(demand: str) -> str:
    """A long demand quoted by its two ends: "i expect a full explanation … by 3pm today"."""
    demand = _clean(demand)
    if len(demand) <= _QUOTE_CHARS:
        return demand
    head = _WANTS_RE.match(demand)
    tails = list(_DEADLINE_RE.finditer(demand))
    if head is None or not tails or tails[-1].start() <= head.end():
        return demand
    return f"{head.group().strip()} … {tails[-1].group().strip()}"


def _clean(phrase: str) -> str:
    return phrase.strip().lstrip(".!?,;: ")


_WANTED_BY = re.compile(
    r"(?:"
    + _I_NEED
    + r"(?: "
    + _WHO
    + r")? to "
    + r"(?:know|hear|"
    + _ACT
    + r")|"
    + _I_NEED
    + r" (?:a |an |the |your |some )?(?:[a-z]+ ){0,3}?"
    + _THING
    + r")\b[^.?!]{0,60}?\b(?:by|before) (?P<day>tomorrow|monday|tuesday|wednesday|thursday"
    r"|friday|saturday|sunday)\b"
)
_WEEKDAY_NUMBER = {
    d: i for i, d in enumerate("monday tuesday wednesday thursday friday saturday sunday".split())
}


def _wanted_before(
    text: str, sent: datetime, deadline: datetime, zone: tzinfo | None
) -> tuple[str, date] | None:
    """A reply wanted by a named day earlier than the school's deadline ("I need someone to
    look at this before Monday" on a Saturday, when the school has until Wednesday)."""
    low = _lower(text)
    local = sent.astimezone(zone) if zone is not None else sent
    due = (deadline.astimezone(zone) if zone is not None else deadline).date()
    for m in _WANTED_BY.finditer(low):
        day = m.group("day")
        ahead = 1 if day == "tomorrow" else (_WEEKDAY_NUMBER[day] - local.weekday()) % 7 or 7
        wanted = local.date() + timedelta(days=ahead)
        if wanted < due:
            return _clean(m.group(0)), wanted
    return None


def _another_child(text: str, earlier: str) -> bool:
    """The follow-up is the same request for someone else: "my other son", "... too", or
    a different name where the earlier email had one ("can Archie go" → "can Ruby go")."""
    if _ANOTHER.search(_lower(text)) and not _ANOTHER.search(_lower(earlier)):
        return True
    before = _names_by_context(earlier)
    return any(before.get(k, name) != name for k, name in _names_by_context(text).items())


def _names_by_context(text: str) -> dict[tuple[str, str], str]:
    """Capitalised words inside sentences (not days, months or greetings) by the words either
    side: ("can", "be") → "Archie"."""
    tokens = list(re.finditer(r"[A-Za-z]+(?:'[a-z]+)?", text))
    out: dict[tuple[str, str], str] = {}
    for i in range(1, len(tokens) - 1):
        m = _NAME.fullmatch(tokens[i].group())
        if m is None or m.group(1).lower() in _NOT_NAMES:
            continue
        between = text[tokens[i - 1].end() : tokens[i].start()]
        prev = tokens[i - 1].group().lower()
        if any(c in between for c in ".!?\n") or prev in _ADDRESS:
            continue
        out[(prev, tokens[i + 1].group().lower())] = m.group(1)
    return out


def _lower(text: str) -> str:
    return " ".join(text.lower().replace("\u2019", "'").split())


def detect(
    message: PastMessage,
    history: Sequence[PastMessage],
    settings: Settings = Settings(),
    *,
    calendar: WorkingCalendar | None = None,
) -> Finding | None:
    if not is_parent_mail(message):
        return None
    zone = school_zone(calendar)
    past = clean_history(message, history)
    pending = _pending(message, past, settings)
    said = phrases(message.text, settings)
    demanded = demands(message.text) if settings.flag_demands else []
    if emergency(message.text) is not None:  # "he hasn't come home, ring me straight away"
        said = [p for p in said if p not in demands(message.text)]
        demanded = []

    if pending is None:
        if not demanded:
            return None
        evidence: dict[str, Any] = {"phrases": demanded, "demand": True}
        explanation = f"Demands a reply within an unreasonable time ('{demanded[0]}')"
        return Finding(kind="chasing", score=0.5, explanation=explanation, evidence=evidence)

    deadline = pending.ack_due
    assert deadline is not None
    correction = _CORRECTION.search(_lower(message.text)) is not None
    if correction:  # "re-sending with the right dates" is a new version, not a nudge
        said = [p for p in said if not _RESEND.fullmatch(p)]
    if correction or message.attachments:  # "further to my email, the form is attached"
        formal = {quote for _, _, quote in _formal_chase(_lower(message.text))}
        said = [p for p in said if p not in formal]
    how = ""
    score = 0.0
    evidence = {
        "earlier_message_id": pending.message_id,
        "earlier_at": iso(pending.received_at),
        "ack_due": iso(deadline),
        "phrases": said,
    }
    wanted = None if said else _wanted_before(message.text, message.received_at, deadline, zone)
    if wanted is not None:
        said = evidence["phrases"] = [wanted[0]]
        evidence["wanted_by"] = wanted[1].isoformat()
    if said:
        score = min(1.0, 0.8 + 0.1 * (len(said) - 1) + (0.1 if demanded else 0.0))
        formal = {quote for _, _, quote in _formal_chase(_lower(message.text))}
        shown = next((p for p in said if p not in formal), said[0])  # the plainest words
        how = f" ('{shown}')"
    else:
        earlier = [m.text for m in past if is_parent_mail(m) and same_matter(m, message)]
        earlier.append(pending.text)  # a copy in a new thread is linked by its text
        own = distinct_content_words(message.text)
        fresh = new_words(message.text, earlier)
        share = len(fresh) / len(own) if own else 0.0
        adds_information = bool(message.attachments) or (share > settings.info_share)
        if adds_information or not own or correction:
            return None
        if _another_child(message.text, pending.text):
            return None  # the same request for a brother or sister
        if message.received_at - pending.received_at < timedelta(
            minutes=settings.ignore_within_minutes
        ):
            return None  # the same email twice within minutes: a glitch, not a nudge
        background = [m.text for m in past if is_parent_mail(m)]
        (sim,) = similarities(message.text, [pending.text], background)
        if sim < settings.similarity:
            return None
        evidence.update(similarity=round(sim, 3), new_word_share=round(share, 3))
        score = 0.6
        how = f" asking the same again (similarity {sim:.2f})"
    evidence["demand"] = bool(demanded)
    first = "the first email" if pending.thread_id == message.thread_id else "an email"
    explanation = (
        f"Follow-up {gap(pending.received_at, message.received_at)} after {first}{how}; "
        f"the school's deadline is {clock(deadline, zone)}"
    )
    return Finding(
        kind="chasing", score=round(score, 3), explanation=explanation, evidence=evidence
    )


def _pending(
    message: PastMessage, past: Sequence[PastMessage], settings: Settings
) -> PastMessage | None:
    """The earlier email on the matter still waiting, within its deadline.

    In each thread the earliest email nobody has acknowledged sets the deadline: once it has
    passed the parent may chase, and re-sending the same email does not restart the clock.
    """
    near = timedelta(days=settings.same_matter_days)
    first_waiting: dict[object, PastMessage] = {}
    for m in past:
        if not is_parent_mail(m) or m.ack_due is None:
            continue
        same_thread = m.thread_id is not None and m.thread_id == message.thread_id
        if not same_thread and not (
            message.received_at - m.received_at <= near
            and (same_matter(m, message) or _copy_of(message, m))
        ):
            continue
        if m.acknowledged_at is not None and m.acknowledged_at <= message.received_at:
            continue
        answered = any(
            is_school_answer(x)
            and m.received_at < x.received_at <= message.received_at
            and same_matter(x, m)
            for x in past
        )
        if not answered:
            first_waiting.setdefault(m.thread_id if m.thread_id is not None else id(m), m)
    waiting = sorted(first_waiting.values(), key=lambda m: m.received_at)
    return next((m for m in waiting if m.ack_due and message.received_at < m.ack_due), None)


def _copy_of(message: PastMessage, earlier: PastMessage) -> bool:
    """The same email sent again in a new thread: the same matter whatever its label (a
    catch-all matter such as "general" otherwise links emails only through their thread)."""
    (sim,) = similarities(message.text, [earlier.text])
    return sim >= _COPY_SIMILARITY
