"""Subject lines reduced to what they say about the matter.

Threading compares subjects: "RE: FW: [EXTERNAL] Year 5 swimming" and "year 5 swimming" are
the same conversation. Parents' and staff's clients add reply and forward prefixes in their
own language (Outlook translates them: "AW:", "SV:", "Odp:", "回复:"), and mail gateways
add warning tags ("[EXTERNAL]", "*EXTERNAL*", "[Suspected Spam]") in any order, any number
of times. :func:`normalise_subject` removes all of that.

Some subjects say nothing about the matter at all ("Question", "Urgent!!", "Query re my
son"). Two such emails from one parent may be about different things, so a matching generic
subject must never join them: :func:`is_generic_subject` tells the threader so.
"""

from __future__ import annotations

import re
import unicodedata

# Reply and forward prefixes, as mail clients write them. Outlook in other languages:
# AW/WG (German), SV/VS/VB/VL (Nordic), Antw/Doorst (Dutch), Réf/TR (French), RIF/R (Italian),
# Odp/PD (Polish), YNT/İLT (Turkish), RES/ENC (Portuguese), RV (Spanish), ΑΠ/ΣΧΕΤ/ΠΡΘ (Greek),
# 回复/回覆/答复/转发/轉寄 (Chinese). Plain "Ref:" is left alone: parents use it for a
# reference number ("Ref: 12345 ParentPay refund").
_PREFIX_WORDS = (
    "re|fwd|fw|aw|wg|sv|vs|vb|vl|antw|doorst|réf|tr|rif|r|odp|pd|ynt|i̇lt|İlt|ilt|res|enc|rv"
    "|απ|σχετ|πρθ|回复|回覆|答复|答覆|转发|轉發|轉寄"
)
# The word, an optional counter ("Re[2]", "Re(2)", "Re^2"), and a colon, ASCII or
# full-width; "Re :" as French clients space it.
_PREFIX = re.compile(
    rf"^(?:{_PREFIX_WORDS})(?:\s*(?:\[\d+\]|\(\d+\)|\^\d+))?\s*[:：]\s*", re.IGNORECASE
)

# Mail gateway tags (Mimecast, Proofpoint, Microsoft 365 transport rules, Sophos, Barracuda).
# Only these known words: a parent's own "[Year 7]" or "[URGENT]" stays.
_TAG_WORDS = (
    r"external(?:\s+(?:email|e-mail|mail|message|sender))?|ext|spam\??|suspected\s+spam"
    r"|possible\s+spam|probable\s+spam|potential\s+spam|likely\s+spam|caution"
    r"|warning(?:\s*:\s*external)?|phish(?:ing)?\s+alert"
)
_TAG = re.compile(
    rf"""^(?:
        [\[({{]\s*(?:{_TAG_WORDS})\s*[\])}}]      # [EXTERNAL] (External) {{Spam?}}
      | \*+\s*(?:{_TAG_WORDS})\s*\*+           # *EXTERNAL*  ***SPAM***
      | (?:external|caution)\s*:               # EXTERNAL: / CAUTION: at the start
    )\s*""",
    re.IGNORECASE | re.VERBOSE,
)
# Some gateways append their tag instead.
_TRAILING_TAG = re.compile(
    rf"\s*(?:[\[(]\s*(?:{_TAG_WORDS})\s*[\])]|\*+\s*(?:{_TAG_WORDS})\s*\*+)$", re.IGNORECASE
)
# Prefixes and tags can nest without end; stop after this many (a hostile subject).
_MAX_STRIPS = 100
_MAX_SUBJECT_CHARS = 2000


def normalise_subject(subject: str) -> str:
    """The subject without reply/forward prefixes or gateway tags, casefolded and trimmed.

    >>> normalise_subject("RE: FW: [EXTERNAL] Year 5 swimming!")
    'year 5 swimming'
    """
    text = " ".join(subject[:_MAX_SUBJECT_CHARS].split())
    for _ in range(_MAX_STRIPS):
        stripped = _PREFIX.sub("", text, count=1)
        stripped = _TAG.sub("", stripped, count=1)
        stripped = _TRAILING_TAG.sub("", stripped, count=1)
        # Only the start: "FW:" left at the end of "RE: FW: [EXTERNAL]" still needs its colon.
        stripped = _strip_punctuation(stripped, end=False)
        if stripped == text:
            break
        text = stripped
    return " ".join(_strip_punctuation(text).casefold().split())


def _strip_punctuation(text: str, *, end: bool = True) -> str:
    """Trim whitespace and punctuation (Unicode category P*) from the start and, unless
    ``end`` is false, the end.

    Symbols are kept ("£30 refund" keeps its pound sign), and so is a bracket whose partner
    is inside the subject: "[Year 7] trip" and "(no subject)" stay whole.
    """
    start = 0
    while start < len(text) and _is_edge_junk(text[start]):
        if text[start] in _OPENERS and _OPENERS[text[start]] in text[start + 1 :]:
            break
        start += 1
    stop = len(text)
    while end and stop > start and _is_edge_junk(text[stop - 1]):
        if text[stop - 1] in _CLOSERS and _CLOSERS[text[stop - 1]] in text[start : stop - 1]:
            break
        stop -= 1
    return text[start:stop]


_OPENERS = {"(": ")", "[": "]", "{": "}", "（": "）", "【": "】", "「": "」"}
_CLOSERS = {close: open_ for open_, close in _OPENERS.items()}


def _is_edge_junk(char: str) -> bool:
    return char.isspace() or unicodedata.category(char).startswith("P")


# --- generic subjects -----------------------------------------------------------------------
#
# A subject is generic when, after dropping the words below, nothing is left. The words are
# of four kinds: English function words; words that say a message exists or how urgent it is
# ("question", "urgent", "follow up"); greetings and thanks; and who the message is about
# without saying what ("my son", "Year 7", "Class 3"). A child's name is not in the list (it
# cannot be), so "Question about Amelia" is not generic; a word about the matter ("swimming",
# "inhaler", "absence") always survives.
#
# "Complaint" and "meeting" count as generic: they name the kind of contact, not the matter
# (a complaint about lunches and a complaint about a trip are different threads).

_FUNCTION_WORDS = """
    a an the and or but of to for from in on at by with about re regarding regards concerning
    as is are was be been am it its this that these those there here what which who whom when
    where why how can could would should will shall may might must do does did done have has
    had not no yes any some all just also very so much many more one another other further
    again still only if than then now i me my mine we us our you your yours he him his she her
    hers they them their s t ve ll d m
"""
_MESSAGE_WORDS = """
    question questions quick small little short enquiry enquiries inquiry inquiries query
    queries help urgent urgently important asap immediate attention attn fao message messages
    msg contact contacting request requests requested requesting information info details
    concern concerns concerned worried worry issue issues problem problems matter matters
    subject email emails mail mails emailing note notes letter letters reply replies response
    follow following followup followed up chase chasing reminder update updates feedback
    please pls plz read fyi meeting meetings meet appointment chat call calling phone ring
    back complaint complaints formal informal new latest private confidential personal
    parent parents carer carers mum mom dad mother father guardian family home
"""
# "Evening" alone is not here: "Parents' evening" is a matter. "Good evening" is removed
# as a phrase first.
_GREETING_WORDS = """
    hello hi hiya hey dear good morning afternoon thanks thank thankyou cheers
    sorry apologies kind best wishes
"""
_WHO_WORDS = """
    son sons daughter daughters child childs children kid kids boy girl pupil pupils student
    students year yr class form group tutor teacher teachers office school reception admin
    head headteacher mr mrs ms miss dr sir madam team staff
"""
GENERIC_WORDS = frozenset((_FUNCTION_WORDS + _MESSAGE_WORDS + _GREETING_WORDS + _WHO_WORDS).split())
_WORD = re.compile(r"\w+")
_GREETING_PHRASE = re.compile(r"\bgood\s+(?:morning|afternoon|evening|day)\b")
# Numbers and year groups carry no matter: "7", "2nd", "y7", "yr10", "year7".
_NUMBERISH = re.compile(r"^(?:\d+(?:st|nd|rd|th)?|(?:y|yr|year)\d{1,2}[a-z]?|\d{1,2}[a-z])$")


def is_generic_subject(normalised: str) -> bool:
    """True when the subject (already normalised) says nothing about the matter.

    >>> is_generic_subject("quick question re my son in year 7")
    True
    >>> is_generic_subject("question about the year 7 trip")
    False
    """
    for word in _WORD.findall(_GREETING_PHRASE.sub(" ", normalised.casefold())):
        if len(word) <= 1 or word in GENERIC_WORDS or _NUMBERISH.match(word):
            continue
        return False
    return True
