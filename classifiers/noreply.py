"""Does a parent's email need a reply? Absence notices and thank-yous do not.

A parent telling the office that a child is off sick, has an appointment or will be late, and
a parent saying thank you, need no answer, so they start no response clock (DESIGN.md,
"Acknowledged"). Everything else does, and so does a notice or a thank-you that *also* asks
something, raises a concern, complains or touches safeguarding. A missed reply is worse than
an extra clock, so every doubt ends in "needs a reply":

1. The parent's own words are read (quoted lines dropped), with the greeting and the sign-off
   ("Thanks, Laura", "Kind regards", a name, "x") set aside.
2. **Anything that asks or worries** means a reply: a question mark (in the subject too), a
   request ("could you", "can I", "let me know", "please call"), a request for a decision
   (leave of absence, term-time holiday, authorisation), and words of concern, complaint or
   safeguarding ("worried", "third time", "unacceptable", "bullied", "police", "hurt").
   The evidence is the phrase that asked.
3. Otherwise it is an **absence notice** when an absence phrase is present ("off sick",
   "won't be in", "dentist appointment", "running late") and every other sentence is a
   detail of the absence (symptoms, times, when the child is back, a letter attached),
   thanks, or a request to pass the notice on ("please let her teacher know" — the office
   acts on that, it does not answer it).
4. It is a **thank-you** when every sentence is thanks or a pleasantry ("Thanks so much,
   that's great", "Many thanks for letting me know", "Have a lovely weekend"), with at most
   one short closing statement ("She'll bring it in tomorrow").
5. Anything else, including anything over :data:`MAX_NOTICE_CHARS`, needs a reply.

Rule-based on purpose: it is fast (well under 0.1 ms), and the verdict names its evidence.

Must catch (no reply): "Oliver is off sick today with a temperature, he won't be in";
"Thanks so much, that's great". Must not (needs a reply): "Thanks for nothing, this is the
third time…"; "She's off sick, is there any work she can do at home?".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A pure notice or thank-you is short; a long email is answered whatever it says.
MAX_NOTICE_CHARS = 900
_MAX_CLOSING_WORDS = 8
# A closing line ("Many thanks", "Kind regards, Mrs K Nowak") is this short.
_SIGN_OFF_WORDS = 5


@dataclass(frozen=True)
class NoReplyVerdict:
    """``needs_reply``; ``reason`` why not ("absence notice", "thank-you"; "" when it needs
    one); ``evidence`` the phrase the verdict rests on (what asked, or the absence or thanks
    phrase; "" when nothing in particular)."""

    needs_reply: bool
    reason: str = ""
    evidence: str = ""


def _words(*alternatives: str) -> re.Pattern[str]:
    """Whole words or phrases, matched against lower-cased text (faster than IGNORECASE)."""
    return re.compile(r"(?<![\w'])(?:" + "|".join(alternatives) + r")(?![\w'])")


_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})
_URL = re.compile(r"\bhttps?://\S+|\bwww\.\S+", re.IGNORECASE)
_SUBJECT_PREFIX = re.compile(r"^\s*(?:(?:re|fw|fwd|aw|sv)\s*(?:\[\d+\])?\s*:\s*)+", re.IGNORECASE)

# Requests that are notices, not questions: passing the notice on, recording it, or a
# polite "can I let you know". Removed before looking for requests.
_PASS_ON = re.compile(
    r"(?:(?:please\s+)?(?:could|can|would)\s+(?:you|someone)\s+(?:please\s+)?|please\s+)?"
    r"(?:(?:let|tell|inform)\s+(?!(?:me|us)\b)(?:his|her|their|the|mrs?\.?|miss|ms\.?|mr\.?|\w+)"
    r"[\w\s.'-]{0,40}?\s+(?:know|about\s+(?:this|it))"
    r"|pass\s+(?:this|it|that|the\s+message)\s+on(?:\s+to\s+[\w\s.'-]{0,40})?"
    r"|mark\s+(?:him|her|them|\w+)\s+(?:as\s+)?(?:ill|sick|absent|off|unwell))"
    r"\s*(?:please)?\s*[?.!]?"
    r"|\b(?:can|may)\s+i\s+(?:just\s+)?let\s+you\s+know(?:\s+that)?"
    r"|\b(?:for\s+)?letting\s+(?:me|us)\s+know"
)

# Anything here means the parent expects an answer (or a person must look now).
_ASKS = [
    ("question", re.compile(r"[^.!?\n]{0,60}\?")),
    (
        "request",
        _words(
            r"(?:could|can|would|will)\s+(?:you|u|someone|somebody|anyone|the\s+\w+|(?:mr|mrs|ms)\.?\s+\w+)",
            r"(?:can|could|may|should|do|shall)\s+(?:i|we)",
            r"(?:can|could|may|should|does|will|is)\s+(?:he|she|they)",
            r"let\s+(?:me|us)\s+know",
            r"get\s+back\s+to\s+(?:me|us)",
            r"(?:please\s+)?(?:call|ring|phone|contact|email|text)\s+(?:me|us)(?:\s+back)?",
            r"call\s+back",
            r"(?:please|pls|plz)\s+(?:advise|confirm|send|arrange|check|explain|reply|respond|update|"
            r"provide|tell|speak|look|ensure|make\s+sure|help|find|sort|reset|add|remove|"
            r"change|book|cancel|refund)",
            r"(?:i|we)(?:\s+would|'d)\s+(?:like|love|appreciate)",
            r"(?:i|we)\s+(?:need|want)\s+to\s+(?:know|speak|talk|discuss|meet|arrange|book|ask)",
            r"(?:i|we)\s+(?:was|were|am|are)\s+(?:just\s+)?wondering",
            r"(?:just\s+)?wondering\s+(?:if|whether|when|what|how|why|who)",
            r"wondered\s+(?:if|whether)",
            r"is\s+(?:there|it)\s+(?:any|possible|ok|okay|alright)",
            r"do\s+you\s+(?:know|need|have)",
            r"any\s+(?:work|homework)\s+(?:she|he|they)\s+can",
            r"(?:send|set)\s+(?:some\s+|any\s+)?(?:home)?work\s+home",
            r"if\s+you\s+could",
            r"(?:thanks|thank\s+you)\s+in\s+advance",
            r"(?:i|we)\s+(?:look\s+forward\s+to|await)\s+(?:hearing|your)",
            r"(?:as\s+soon\s+as\s+possible|asap|urgent(?:ly)?|a\.s\.a\.p\.?)",
        ),
    ),
    (
        "decision",
        _words(
            r"leave\s+of\s+absence",
            r"term[\s-]+time\s+holiday",
            r"holiday\s+(?:in|during)\s+term",
            r"authori[sz](?:e|ed|ation|ise)",
            r"permission",
            r"request(?:ing|ed)?",
            r"exceptional\s+circumstances",
            r"fined|fines|penalty\s+notice",
            r"attendance\s+(?:letter|meeting|officer|panel)",
        ),
    ),
    (
        "concern",
        _words(
            r"worr(?:y|ied|ying|ies)",
            r"concern(?:s|ed|ing)?",
            r"anxi(?:ous|ety)",
            r"upset(?:ting)?",
            r"distress(?:ed)?",
            r"scared",
            r"frightened",
            r"afraid",
            r"bull(?:y|ied|ies|ying)",
            r"picked\s+on",
            r"hurt",
            r"injur(?:y|ed|ies)",
            r"bruis(?:e|es|ed|ing)",
            r"hit|hitting|push(?:ed|ing)|punch(?:ed|ing)?|kick(?:ed|ing)|bit(?:ten)?|bite|"
            r"scratch(?:ed)|fight(?:ing)?|fought|attack(?:ed)?|assault(?:ed)?|threat\w*|"
            r"fell\s+(?:over|off|down)|bumped\s+(?:his|her|their)\s+head|head\s+injury",
            r"what\s+happened|incident|excluded|exclusion|suspended|suspension|isolation|detention",
            r"unhappy|miserable|lonely|sad|left\s+out|no\s+friends",
            r"(?:self[\s-]*harm\w*|suicid\w*|abuse[ds]?|abusive|police|social\s+(?:worker|services)|safeguarding|dsl|unsafe|not\s+safe|neglect\w*|groom\w*|exploit\w*|court\s+order|non[\s-]+molestation)",
            r"refus(?:e|es|ed|ing)",
            r"(?:does|do)n'?t\s+want\s+to\s+(?:come|go)",
            r"mental\s+health|camhs|crying|in\s+tears",
            r"not\s+coping|struggling",
        ),
    ),
    (
        "complaint",
        _words(
            # A parent complains; a child "complaining of a sore throat" has a symptom.
            r"complaints?|complain|(?:i|we)\s+(?:have\s+|had\s+)?complained",
            r"(?:not|never)\s+(?:happy|good\s+enough|acceptable|ok|okay)",
            r"unacceptable",
            r"disappoint\w*",
            r"disgust\w*",
            r"appall?(?:ed|ing)",
            r"disgraceful",
            r"ridiculous",
            r"shocking",
            r"outrage\w*",
            r"furious",
            r"angry",
            r"fed\s+up",
            r"sick\s+(?:of|and\s+tired)",
            r"for\s+nothing",
            r"(?:second|third|fourth|fifth|\d+(?:st|nd|rd|th))\s+time",
            r"once\s+again|yet\s+again|again\s+and\s+again",
            r"still\s+(?:waiting|not\s+heard|no\s+(?:reply|response|answer))",
            r"no\s+(?:one|body)\s+(?:has\s+)?(?:told|replied|rang|called|got\s+back|responded)",
            r"nobody\s+(?:has\s+)?(?:told|replied|rang|called|got\s+back|responded)",
            r"(?:no|without\s+(?:a|any))\s+(?:reply|response|answer)",
            r"chas(?:e|ing)",
            r"(?:still\s+)?(?:haven'?t|have\s+not|hasn'?t|not|never)\s+(?:heard|had)\s+(?:anything|back|a\s+(?:reply|response)|any\s+(?:reply|response))",
            r"following\s+up|follow(?:ing)?[\s-]+up\s+on|further\s+to\s+my",
            r"escalat\w*|governors?|ofsted",
            r"why\s+(?:was|is|has|have|did|does|do|were|are|would|wasn't|isn't|hasn't|haven't|didn't)",
            r"wrong(?:ly)?|mistake|error|unfair",
        ),
    ),
]

# A subject that says the email asks something.
_SUBJECT_ASKS = _words(r"question|query|enquiry|help|advice|urgent")
# Kinds of asking still read in the subject of a reply ("Re: …" repeats an older subject).
_REPLY_SUBJECT_KINDS = ("question", "concern")

# Phrases that make an email an absence notice.
_ABSENCE = _words(
    r"off\s+(?:sick|ill|school|today|tomorrow|this\s+morning|with|again|for)",
    r"(?:won'?t|will\s+not|wont|not\s+going\s+to|isn'?t\s+going\s+to|can'?t|cannot)\s+(?:be\s+|b\s+)?(?:in|coming\s+in|attend\w*|make\s+it)",
    r"(?:is|are|be|will\s+be)\s+(?:absent|off|away|late|poorly|unwell|ill|sick)",
    r"not\s+(?:be\s+)?(?:in|coming\s+(?:in|to\s+school)|attending|at\s+school|in\s+school)",
    r"(?:keep|keeping|kept)\s+(?:him|her|them|\w+)\s+(?:off|home|at\s+home|in\s+bed)",
    r"stay(?:ing)?\s+(?:at\s+)?(?:home|off)",
    r"(?:has|have|got|with)\s+(?:the\s+|a\s+|an\s+)?(?:(?:high|bad|nasty)\s+)?(?:chicken\s*pox|"
    r"flu|covid|sickness\s+bug|tummy\s+bug|stomach\s+bug|temperature|temp|fever|"
    r"conjunctivitis|tonsillitis|hand,?\s+foot\s+and\s+mouth|scarlet\s+fever|cold|migraine|"
    r"ear\s+infection|chest\s+infection|sore\s+throat)",
    r"(?:at|to|from)\s+home\s+today",
    r"absen(?:t|ce)",
    r"(?:dentist|dental|doctor'?s?|gp|hospital|orthodontist|optician'?s?|clinic|hearing|medical|vaccination|physio|consultant|blood\s+test|eye\s+test)\s+(?:appointment|appt)",
    r"(?:has|have|got)\s+(?:an?\s+|his\s+|her\s+|their\s+)?(?:[\w-]+\s+){0,2}(?:appointment|appt)",
    r"(?:running|be|be\s+a\s+bit|be\s+slightly|arrive)\s+late",
    r"late\s+(?:in|today|this\s+morning)",
    r"(?:leave|leaving|collect(?:ing)?\s+(?:him|her|them|\w+)|pick(?:ing)?\s+(?:him|her|them|\w+)\s+up)\s+(?:early|at\s+\d)",
    r"(?:sick|poorly|unwell|ill)\s+(?:today|this\s+morning|again)",
    r"(?:been|was|were)\s+sick",
    r"sickness\s+bug|tummy\s+bug|stomach\s+bug|sick\s+bug",
)

# Sentences that may sit beside an absence phrase without asking anything.
_ABSENCE_DETAIL = _words(
    r"sick\w*",
    r"ill(?:ness)?",
    r"unwell",
    r"poorly",
    r"temp(?:erature)?",
    r"fever",
    r"cough\w*",
    r"colds?",
    r"flu",
    r"covid",
    r"bug",
    r"vomit\w*",
    r"diarrh\w*",
    r"headache|migraine|tummy|stomach|ear\s*ache|earache|toothache|sore\s+throat|rash|spots|chicken\s*pox|conjunctivitis|tonsil\w*|infection|virus|viral|antibiotics|calpol|medicine|temperature",
    r"doctor|gp|111|nurse|hospital|dentist|orthodontist|optician|clinic|appointment|appt|surgery|operation|scan|test",
    r"night|morning|afternoon|today|tomorrow|tonight|yesterday|weekend|(?:mon|tues|wednes|thurs|fri)day",
    r"back|return\w*|better|rest\w*|recover\w*|hours|days?|week",
    r"keep\w*|kept|home|bed|late|early|after(?:wards)?|lunch(?:time)?",
    r"collect\w*|pick\w*|drop\w*|bring\w*|brought|arrive",
    r"letter|note|attached|attach|form|records?|evidence|proof",
    r"let\s+you\s+know|update\s+you|keep\s+you\s+(?:posted|updated)|ring|phone|call",
    r"sorry|apologies|apologise",
    r"funeral|wedding|family|traffic|accident|car|train|bus",
    r"hopefully|hope|should\s+be|by\s+\d|there\s+by",
    r"(?:will\s+)?be\s+in|as\s+(?:normal|usual)|fine",
)

# Words of another matter: an absence notice that also mentions them is answered.
_OTHER_MATTER = _words(
    r"lost\s+(?!(?:his|her|their)\s+voice)|missing|kit|uniform|jumper|coat|trip|residential|pay(?:ment|ments|ing|parentpay)?|"
    r"paid|money|refund|charged|parentpay|club|homework|meeting|taxi|dinner\s+money|"
    r"detention|exams?|mocks?|admission"
)

_THANKS = _words(
    r"thank(?:s|\s+you|you)?",
    r"thx",
    r"cheers",
    r"(?:much|greatly|really)\s+appreciated",
    r"appreciate\s+(?:it|that|this|your|all)",
    r"grateful",
)
_PLEASANTRY = _words(
    r"(?:that'?s|that\s+is|sounds|all|it'?s|looks)\s+(?:really\s+|so\s+)?(?:great|brilliant|perfect|lovely|fine|good|wonderful|fab|fantastic|ok|okay|sorted|helpful)",
    r"(?:much|greatly|really)\s+appreciated|no\s+problem|no\s+worries|will\s+do|got\s+it|noted",
    r"have\s+a\s+(?:lovely|great|good|nice|restful|wonderful)\s+\w+",
    r"(?:merry|happy)\s+(?:christmas|easter|new\s+year|holidays?)",
    r"see\s+you\s+\w+",
    r"you(?:'re|\s+are)\s+(?:all\s+)?(?:always\s+)?(?:so\s+)?(?:amazing|brilliant|wonderful|stars|the\s+best|helpful|kind)",
)
# One word that is a whole sentence of its own: "Perfect!", "Great, ok."
_SHORT_PLEASANTRY = _words(
    r"great|brilliant|perfect|lovely|wonderful|fab|fantastic|amazing|excellent|noted|"
    r"understood|received|ok|okay|sorted|super|smashing|cool"
)
_CLOSING = _words(
    r"(?:i|we|he|she|they)'?(?:ll|\s+will)",
    r"on\s+the\s+mend|feeling\s+(?:much\s+)?better|back\s+(?:tomorrow|on\s+\w+)",
    r"(?:found|sorted|turned\s+up|all\s+good)",
    r"bring\s+it|send\s+it\s+in",
)

_GREETING = re.compile(
    r"^\s*(?:hi|hello|hiya|hey|dear|good\s+(?:morning|afternoon|evening)|morning|afternoon)"
    r"(?:\s+(?:there|all|team|everyone|office|sir(?:/madam)?|madam|sir\s+or\s+madam"
    r"|(?-i:(?:(?:Mrs?|Ms|Miss|Dr)\.?\s+)?[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)?)))?\s*[,!.:]?\s*",
    re.IGNORECASE,
)
_SIGN_OFF = re.compile(
    r"^(?:(?:many\s+|big\s+|with\s+|huge\s+)?thanks?(?:\s+(?:you|again|so\s+much|very\s+much))?"
    r"|thank\s+you(?:\s+(?:again|so\s+much|very\s+much))?|cheers|ta|thx|kind\s+regards|"
    r"best\s+regards|warm\s+regards|regards|best\s+wishes|best|all\s+the\s+best|love|"
    r"yours\s+(?:sincerely|faithfully|truly)|sent\s+from\s+my\s+\w+)\b[\s,.!x]*[\w .'-]{0,40}$",
    re.IGNORECASE,
)
_NAME_LINE = re.compile(
    r"^(?:(?:mr|mrs|ms|miss|dr)\.?\s+)?[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,3}[\s,.]*(?:x+)?$|^x+$"
)
_SIGNATURE_LINE = re.compile(
    r"^(?:[\d\s+()-]{7,}|(?:mum|mom|dad|mother|father|parent|carer|grandma|nan|nanny|grandad|"
    r"grandpa)\s+(?:of|to)\b.*|\(.*\)|x+)$",
    re.IGNORECASE,
)
# A signature block line after "Kind regards," is short: a name, a relationship, a number.
_SIGNATURE_WORDS = 6
# A sentence ends at . ! ? or a line break, but not at the dot of a time ("at 9.30").
_SENTENCE = re.compile(r"(?:[^.!?\n]|(?<=\d)\.(?=\d))+[.!?]*")


def needs_reply(subject: str, text: str) -> NoReplyVerdict:
    """Whether this email from a parent needs a person to reply, and why not if it does not.

    ``text`` is the parent's own new words (quoted history and signature already removed by
    the pipeline; any remaining ``>`` lines are ignored)."""
    subject = (subject or "").translate(_APOSTROPHES)
    is_reply = bool(_SUBJECT_PREFIX.match(subject))
    subject = _SUBJECT_PREFIX.sub("", subject).strip()
    lines = (text or "").translate(_APOSTROPHES).splitlines()
    body = "\n".join(line for line in lines if not line.lstrip().startswith(">")).strip()
    body = _URL.sub(" ", body)
    if len(body) > MAX_NOTICE_CHARS:
        return NoReplyVerdict(True, "", "a long message")
    # The subject of a reply ("Re: Leave of absence request") repeats an older email; only a
    # question or a worry in it still counts.
    kinds = _REPLY_SUBJECT_KINDS if is_reply else None
    asked = _asks(subject, kinds) or (not is_reply and _first(_SUBJECT_ASKS, subject))
    asked = asked or _asks(body)
    if asked:
        return NoReplyVerdict(True, "", asked)
    greeted = _GREETING.sub("", body, count=1)
    # All sign-off: "Thanks!", "Thank you, he's on the mend now.\nThanks,\nGrace"
    sentences = (
        _sentences(_without_sign_off(greeted))
        or _sentences(_without_names(greeted))
        or _sentences(greeted)
    )
    if not sentences:
        return NoReplyVerdict(True, "", "")
    if _only_pleasantries(sentences):
        thanks = next(
            f
            for s in sentences
            if (f := _first(_THANKS, s) or _first(_PLEASANTRY, s) or _first(_SHORT_PLEASANTRY, s))
        )
        return NoReplyVerdict(False, "thank-you", thanks)
    absence = next((found for s in sentences if (found := _first(_ABSENCE, s))), "")
    absence = absence or ("" if is_reply else _first(_ABSENCE, subject))
    if absence and all(_is_absence_detail(s) for s in sentences):
        return NoReplyVerdict(False, "absence notice", absence)
    return NoReplyVerdict(True, "", "")


def _asks(value: str, kinds: tuple[str, ...] | None = None) -> str:
    """The first phrase in ``value`` that asks or raises something (of ``kinds``), else ""."""
    lowered = _PASS_ON.sub(_blank, value.lower())
    found = [
        (m.start(), m.end(), kind)
        for kind, pattern in _ASKS
        if (kinds is None or kind in kinds) and (m := pattern.search(lowered))
    ]
    if not found:
        return ""
    start, end, _ = min(found)
    return _original(value, lowered, start, end).strip(" .,;:")


def _first(pattern: re.Pattern[str], value: str) -> str:
    lowered = value.lower()
    match = pattern.search(lowered)
    return _original(value, lowered, *match.span()) if match else ""


def _original(value: str, lowered: str, start: int, end: int) -> str:
    """``lowered[start:end]`` as the parent wrote it (lower case if lowering moved letters)."""
    piece = value[start:end] if len(value) == len(lowered) else lowered[start:end]
    return " ".join(piece.split())


def _blank(match: re.Match[str]) -> str:
    """Spaces of the same length, so positions in the text stay the same."""
    return " " * len(match.group())


def _sentences(value: str) -> list[str]:
    found = (s.strip(" ,;:-") for s in _SENTENCE.findall(value))
    return [s for s in found if any(c.isalpha() for c in s)]


def _without_sign_off(body: str) -> str:
    """``body`` without its sign-off: a closing line ("Thanks very much,", "Kind regards")
    followed only by a short signature block (a name, "Mum of Layla (1M)", a phone number,
    "x"), or such signature lines alone, or a closing "Thanks, Laura" ending the last line."""
    lines = [line.strip() for line in body.splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    for i in range(len(lines) - 1, max(-1, len(lines) - 8), -1):
        if _SIGN_OFF.match(lines[i]):
            if all(len(line.split()) <= _SIGNATURE_WORDS for line in lines[i + 1 :]):
                lines = lines[:i]
            break
    while lines and (
        not lines[-1] or (len(lines[-1].split()) <= _SIGN_OFF_WORDS and _is_sign_off(lines[-1]))
    ):
        lines.pop()
    if lines:
        last = lines[-1]
        for match in _SENTENCE.finditer(last):
            piece = match.group().strip()
            if match.start() > 0 and _is_sign_off(piece) and last.endswith(match.group()):
                lines[-1] = last[: match.start()].rstrip()
                break
    return "\n".join(lines)


def _without_names(body: str) -> str:
    """``body`` without trailing signature lines (names, relationships, phone numbers)."""
    lines = [line.strip() for line in body.splitlines()]
    while lines and (not lines[-1] or _is_signature(lines[-1])):
        lines.pop()
    return "\n".join(lines)


def _is_signature(line: str) -> bool:
    return bool(_SIGNATURE_LINE.match(line) or (len(line.split()) <= 4 and _NAME_LINE.match(line)))


def _is_sign_off(line: str) -> bool:
    return bool(_SIGN_OFF.match(line)) or _is_signature(line)


def _is_absence_detail(sentence: str) -> bool:
    """A sentence that may sit in an absence notice: the absence, its details (symptoms,
    times, return, a letter), thanks or an apology, passing it on, or a few words."""
    lowered = sentence.lower()
    if _OTHER_MATTER.search(lowered):
        return False
    return bool(
        _ABSENCE.search(lowered)
        or _ABSENCE_DETAIL.search(lowered)
        or _THANKS.search(lowered)
        or _PASS_ON.search(lowered)
        or len(sentence.split()) <= 3
    )


def _only_pleasantries(sentences: list[str]) -> bool:
    """Every sentence is thanks or a pleasantry, but for one short closing statement, and
    there is at least one of them."""
    lowered = [s.lower() for s in sentences]
    others = [s for s in lowered if not _is_pleasantry(s)]
    if len(others) == len(lowered) or len(others) > 1:
        return False
    return all(
        len(s.split()) <= _MAX_CLOSING_WORDS and _CLOSING.search(s) and not _OTHER_MATTER.search(s)
        for s in others
    )


def _is_pleasantry(lowered: str) -> bool:
    return bool(
        _THANKS.search(lowered)
        or _PLEASANTRY.search(lowered)
        or (len(lowered.split()) <= 3 and _SHORT_PLEASANTRY.search(lowered))
    )
