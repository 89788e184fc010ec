"""Shouting: an email written mostly in capitals, with runs of exclamation marks.

Policy: abusive messages "can include the use of capital letters and exclamation marks".
What counts is *sustained* capitals in the parent's own sentences, measured as the share of
upper-case letters among the letters of words that are not:

- known acronyms (SEN, SENCO, EHCP, ADHD, CAMHS, GCSE, SATs, KS2, A&E, ... and
  ``extra_acronyms``), words with digits (Y6, 5B) and one-letter words ("I", "A");
- names after "Dear" or a title ("Dear MRS PATEL", "Mr JONES");
- short bursts inside an ordinary sentence: one or two words in capitals among lower-case
  words ("I am NOT happy", "my son JACK SMITH") are emphasis, a name or an unknown acronym;
- short lines ("Hi", "Thanks", a "JOHN SMITH" sign-off) and the sign-off block.

The email shouts when at least ``min_letters`` letters are counted and either the overall
share reaches ``caps_ratio`` or at least ``shouted_sentences`` sentences of
``sentence_letters`` or more letters are each at least ``sentence_caps_ratio`` capitals (a
long calm email with one angry line is not flagged; one with several is). Each run of
exclamation marks ("!!!", "?!?!") lowers the overall bar by ``exclamation_bonus`` (up to three
runs) and raises the score; runs alone flag only when there are ``exclamation_only_runs`` of
them.

Sustained emphasis (``emphasis``): an email mostly in lower case can still shout when many
words in capitals are spread through it with runs of "!!"/"??" ("Why has NOBODY told me??
... I have NEVER had a letter ... This is NOT GOOD ENOUGH!!!"). Words in capitals are
counted as above (acronyms, words with digits, one-letter words and names after a title do
not count) and flag when there are at least ``emphasis_words`` of them, in at least
``emphasis_sentences`` sentences, and they are at least ``emphasis_share`` of all words;
each run of two or more "!" or "?" (up to three) lowers that share by
``emphasis_run_bonus``. A single emphasised word ("I am NOT happy") never flags.

Emphasis closed by marks (``emphasis_marked_sentences``): a word or two in capitals at the
end of a sentence that closes with a run of "!!"/"??"/"?!" ("Why was it THROWN AWAY?!?! He
came home STARVING!!!!") is a shouted sentence however short; that many such sentences,
with at least ``emphasis_marked_runs`` runs in the email, shout. A sentence of delight or
thanks ("We LOVED it!!!") is not one of them, so a single "URGENT!!!" or a happy
"Thank you SO much!!!" never flags.

A clause of three or more words in capitals closed by "!!" ("IT IS NOT HIS FAULT!!!") is a
shouted burst: acronym-shaped words inside it count as emphasis, and with a second
"!!"/"??" run the share is not needed. Scripts without letter case (Arabic, Chinese, ...)
are never shouting. The subject line is evidence only: a calm body under "URGENT - TRIP
MONEY" is not shouting.

Capitals typed as a habit are not shouting: an email wholly in capitals whose writer says
why ("excuse the capitals, my eyesight is poor", "caps lock"), or that is calm (at least
``calm_courtesy`` courtesy words such as "good morning", "please", "thank you", not one "!"
and no grievance words such as "why", "nobody", "again"), is judged by exclamation runs only.

Config::

    [flags.shouting]
    caps_ratio = 0.6            # share of capitals over the whole email
    min_letters = 40            # letters counted before the email can be judged
    min_line_letters = 10       # shorter lines ("Hi", "Thanks", "JOHN SMITH") are skipped
    sentence_letters = 25       # a sentence this long ...
    sentence_caps_ratio = 0.8   # ... this much in capitals counts as shouted
    shouted_sentences = 2       # this many shouted sentences flag even a long calm email
    exclamation_run = 3         # "!!!" (three or more of ! and ?, at least one !) is a run
    exclamation_bonus = 0.05    # each run (up to 3) lowers caps_ratio by this much
    exclamation_only_runs = 6   # runs that flag without capitals (0: never)
    emphasis_words = 6          # words in capitals in a lower-case email (0: never) ...
    emphasis_sentences = 2      # ... in at least this many sentences ...
    emphasis_share = 0.3        # ... this share of all words ...
    emphasis_run_bonus = 0.06   # ... less this for each "!!"/"??" run (up to 3)
    emphasis_marked_sentences = 2  # sentences with capitals closed by "!!"/"??" (0: never) ...
    emphasis_marked_runs = 3    # ... with this many "!!"/"??" runs in the email
    calm_courtesy = 2           # courtesy words that make calm capitals a habit (0: never)
    extra_acronyms = ["ELKLAN", "THRIVE"]

Must catch: "I HAVE ASKED THREE TIMES NOW FOR SOMEONE TO CALL ME ABOUT THE BUS. NOBODY HAS
BOTHERED!!! THIS IS NOT GOOD ENOUGH." → shouting (capitals and an exclamation run).
Must not: "Could the SENCO update Leo's EHCP targets before the CAMHS review? His ADHD
meds changed at the GP and the TA noticed a difference in PE and KS2 SATs practice."
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from functools import lru_cache
from typing import Any

from classifiers.base import Finding
from classifiers.wordlists import ACRONYMS, SIGN_OFF, own_text, sentence_spans, trim

# Candidate words in capitals (also matches caseless scripts; str.isupper() decides).
_CAPS_WORD = re.compile(r"[A-Z\x80-\U0010ffff]{2,}[a-z]?")
# Two capitals in a row, or two non-ASCII characters (checked properly later): a sentence
# without them cannot shout and is counted the fast way.
_TWO_CAPS = re.compile(r"[A-Z\x80-\U0010ffff]{2}")
_ASCII_LETTERS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_NOT_ASCII_LETTER = bytes(b for b in range(256) if b not in _ASCII_LETTERS)
_NOT_ASCII_UPPER = bytes(b for b in range(256) if b not in _ASCII_LETTERS[:26])
# A word in capitals, or with one lower-case letter (SENCo, DfE, SATs): the words that
# may be left out of the count. Digits are included so that "KS2" and "5B" are one word.
_CAPS_TOKEN = re.compile(
    r"(?<![\w'&\-])[^\W_a-z]+[a-z]?[^\W_a-z]*(?:['&.\-][^\W_a-z]+)*(?![\w&\-])"
)
_LETTER = re.compile(r"[^\W\d_]")
_TWO_LOWER_ASCII = re.compile(r"[a-z]{2}")
_TWO_NOT_UPPER = re.compile(r"[^\W\d_A-Z]{2,}")
# Words after which the next words in capitals are a name ("Dear MRS PATEL", "Mr JONES").
_NAME_BEFORE = re.compile(r"(?i)\b(dear|mr|mrs|ms|miss|mx|dr|prof)\.?\s+")
# A burst of at most this many capitalised words and letters inside an ordinary sentence is
# emphasis, a name or an acronym, not shouting.
_BURST_WORDS = 2
_BURST_LETTERS = 12
_MAX_RUNS_SHOWN = 10
_MAX_SENTENCES_SHOWN = 5
_MAX_EMPHASIS_SHOWN = 12
# A run of two or more "!" or "?" ("!!", "??", "?!"): with words in capitals, emphasis.
_MARK_RUN = re.compile(r"[!?]{2,}")
_WORD = re.compile(r"[^\W\d_]+(?:['\-][^\W\d_]+)*")
# A sentence closing with a run of marks: "... THROWN AWAY?!?!", "... STARVING!!!!".
_MARKED_END = re.compile(r"[!?]{2,}[\"')\]]*\s*$")
# Delight and thanks: "We LOVED it!!!" is excitement, not shouting.
_DELIGHT = re.compile(
    r"(?i)\b(?:lov(?:e|ed|es|ing|ely)|luv|amazing|wonderful|brilliant|fantastic|fab(?:ulous)?"
    r"|great|super|beautiful|happy|excited|enjoy\w*|proud|well done|congrat\w*|thank\w*"
    r"|thx|ta|cheers|grateful|bless|yay|wow|best)\b"
)
_SIGN_OFF_WINDOW = 6  # a sign-off is looked for in this many last non-empty lines
# Three or more words in capitals in a row ("IT IS NOT HIS FAULT"): a shouted
# clause. Acronym-shaped words inside it ("ITS", "IT") are shouted words there.
_CAPS_RUN = re.compile(
    r"(?<![\w'])[^\W\d_a-z]+(?:'[^\W\d_a-z]+)?(?:[ \t,]+[^\W\d_a-z]+(?:'[^\W\d_a-z]+)?){2,}"
    r"(?![\w'])"
)
_BURST_END = re.compile(r"\s*[!?]*![!?]*")
# A writer who says why they type in capitals is not shouting ("excuse the capitals, my
# eyesight is poor", "my tablet is stuck on caps lock").
_CAPITALS_EXPLAINED = re.compile(
    r"(?i)(?:excuse|forgive|pardon|sorry (?:for|about)|apolog(?:ies|ise|ize) for) (?:the |my |all"
    r" (?:the |my )?)?(?:capitals|caps|capital letters|block capitals|upper ?case|big letters)"
    r"|caps ?lock|(?:type|types|typing|write|writes|writing|stuck) in (?:capitals|caps|capital"
    r" letters|block capitals|upper ?case|big letters)|(?:poor|bad|failing|weak) (?:eyesight"
    r"|eyes|sight|vision)|(?:eyesight|sight|vision) (?:is|isn't|is not) (?:poor|bad|good|what"
    r"|very)|partially sighted|visually impaired|(?:i am|i'm) not shouting"
)
# Courtesy and grievance words: an all-capitals email with courtesy, no "!" and no
# grievance is written calmly in capitals (some older writers and phones do), not shouted.
_COURTESY = re.compile(
    r"(?i)\b(?:good (?:morning|afternoon|evening)|hello|dear|please|thank(?:s| you)|kind"
    r" regards|regards|best wishes|many thanks|grateful|appreciated?|sorry|apologies|excuse"
    r"|hope you are well)\b"
)
_HABITUAL_CAPITALS = 0.9  # share of capitals in an email typed wholly in capitals
_GRIEVANCE = re.compile(
    r"(?i)\b(?:why|nobody|no one|never|again|still|unacceptable|disgrac\w*|ridiculous|joke"
    r"|useless|sick of|fed up|furious|angry|appalled|disgusted|complain\w*|ignor\w*"
    r"|demand\w*|expect|how dare|idiot\w*|responsible|shocking|outrage\w*|pathetic"
    r"|incompetent|(?:second|third|fourth) time|not good enough|who (?:is|was|let)|twice|already"
    r"|nothing|actually|wrong|fault|blame\w*)\b"
)


@dataclass(frozen=True)
class Settings:
    caps_ratio: float = 0.6
    min_letters: int = 40
    min_line_letters: int = 10
    sentence_letters: int = 25
    sentence_caps_ratio: float = 0.8
    shouted_sentences: int = 2
    exclamation_run: int = 3
    exclamation_bonus: float = 0.05
    exclamation_only_runs: int = 6
    emphasis_words: int = 6
    emphasis_sentences: int = 2
    emphasis_share: float = 0.3
    emphasis_run_bonus: float = 0.06
    emphasis_marked_sentences: int = 2
    emphasis_marked_runs: int = 3
    calm_courtesy: int = 2
    extra_acronyms: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "extra_acronyms":
                if not isinstance(value, tuple) or not all(isinstance(a, str) for a in value):
                    raise ValueError("extra_acronyms: expected a list of strings")
            elif isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
                raise ValueError(f"{f.name}: expected a number of 0 or more")
        for name in ("caps_ratio", "sentence_caps_ratio", "emphasis_share"):
            if not 0 < getattr(self, name) <= 1:
                raise ValueError(f"{name}: expected a share between 0 and 1")
        if self.exclamation_run < 2:
            raise ValueError("exclamation_run: expected 2 or more")


@dataclass
class _Count:
    letters: int = 0
    upper: int = 0

    @property
    def ratio(self) -> float:
        return self.upper / self.letters if self.letters else 0.0


def detect(text: str, subject: str = "", settings: Settings = Settings()) -> Finding | None:
    own = own_text(text)
    runs = _exclamation_runs(settings.exclamation_run).findall(own)
    acronyms = _acronyms(settings.extra_acronyms)
    by_marks = settings.exclamation_only_runs > 0 and len(runs) >= settings.exclamation_only_runs
    marked_possible = (
        settings.emphasis_marked_sentences > 0
        and len(_MARK_RUN.findall(own)) >= settings.emphasis_marked_runs
    )
    least_words = settings.emphasis_words if settings.emphasis_words > 0 else 10**9
    if marked_possible:
        least_words = min(least_words, settings.emphasis_marked_sentences)
    emphasis_possible = (settings.emphasis_words > 0 or marked_possible) and _caps_word_count(
        own, acronyms, least_words
    )
    if (
        not by_marks
        and not emphasis_possible
        and not _enough_capitals(own, acronyms, _least_capitals(settings, len(runs)))
    ):
        return None  # too few words in capitals for any rule: most emails stop here
    if _capitals_not_shouted(own, settings) and not by_marks:
        return None
    body = _body_lines(own, settings.min_line_letters)

    total = _Count()
    shouted: list[tuple[str, int]] = []
    ordinary: list[str] = []
    for start, end in sentence_spans(body):
        sentence = body[start:end]
        if not _TWO_CAPS.search(sentence):
            ordinary.append(sentence)  # cannot shout: counted in one go below
            continue
        count = _measure(sentence, acronyms)
        total.letters += count.letters
        total.upper += count.upper
        if count.letters >= settings.sentence_letters and (
            count.ratio >= settings.sentence_caps_ratio
        ):
            shouted.append((sentence, count.letters))
    plain = _count_plain(" ".join(ordinary))
    total.letters += plain.letters
    total.upper += plain.upper

    shouted_letters = sum(n for _, n in shouted)
    bar = settings.caps_ratio - settings.exclamation_bonus * min(len(runs), 3)
    judged = total.letters >= settings.min_letters
    by_ratio = judged and total.ratio >= bar
    by_sentences = judged and len(shouted) >= max(1, settings.shouted_sentences)
    emphasis = _emphasis(body, acronyms) if emphasis_possible else _Emphasis()
    mark_runs = len(_MARK_RUN.findall(body))
    emphasis_bar = settings.emphasis_share - settings.emphasis_run_bonus * min(mark_runs, 3)
    by_marked = (
        marked_possible
        and mark_runs >= settings.emphasis_marked_runs
        and len(emphasis.marked) >= settings.emphasis_marked_sentences
    )
    by_emphasis = by_marked or (
        emphasis_possible
        and settings.emphasis_words > 0
        and len(emphasis.words) >= settings.emphasis_words
        and emphasis.sentences >= settings.emphasis_sentences
        # a whole clause shouted and closed with "!!" shouts however long the email
        and (emphasis.share >= emphasis_bar or (bool(emphasis.bursts) and mark_runs >= 2))
    )
    if not (by_ratio or by_sentences or by_marks or by_emphasis):
        return None

    evidence: dict[str, Any] = {
        "caps_ratio": round(total.ratio, 2),
        "letters": total.letters,
        "shouted_sentences": [trim(s, 200) for s, _ in shouted[:_MAX_SENTENCES_SHOWN]],
        "shouted_sentence_count": len(shouted),
        "exclamation_runs": runs[:_MAX_RUNS_SHOWN],
        "exclamation_run_count": len(runs),
    }
    if by_emphasis:
        evidence["emphasised_words"] = emphasis.words[:_MAX_EMPHASIS_SHOWN]
        evidence["emphasised_word_count"] = len(emphasis.words)
        evidence["emphasis_share"] = round(emphasis.share, 2)
        evidence["mark_run_count"] = mark_runs
        if emphasis.bursts:
            evidence["shouted_bursts"] = [trim(b, 200) for b in emphasis.bursts[:5]]
        if by_marked:
            shown = emphasis.marked[:_MAX_SENTENCES_SHOWN]
            evidence["marked_sentences"] = [trim(m, 200) for m in shown]
            evidence["marked_sentence_count"] = len(emphasis.marked)
    subject_count = _measure(own_text(subject), acronyms)
    if subject_count.letters >= 8 and subject_count.ratio >= settings.caps_ratio:
        evidence["subject_in_capitals"] = trim(subject, 200)

    run_bonus = 0.05 * min(len(runs), 2)
    if by_ratio or by_sentences:
        share = max(total.ratio, shouted_letters / total.letters if total.letters else 0.0)
        score = 0.3 + 0.6 * share + run_bonus
    elif by_emphasis:
        score = 0.4 + 0.6 * emphasis.share + 0.05 * min(mark_runs, 2)
    else:
        score = min(0.6, 0.3 + 0.05 * len(runs))
    if "subject_in_capitals" in evidence:
        score += 0.05
    return Finding(
        kind="shouting",
        score=round(min(1.0, score), 3),
        explanation=_explain(
            by_ratio, by_sentences, total, len(shouted), runs, evidence, by_emphasis
        ),
        evidence=evidence,
    )


def _explain(
    by_ratio: bool,
    by_sentences: bool,
    total: _Count,
    n_shouted: int,
    runs: list[str],
    evidence: dict[str, Any],
    by_emphasis: bool = False,
) -> str:
    pct = round(100 * total.ratio)
    if by_emphasis and not (by_ratio or by_sentences):
        n = evidence["emphasised_word_count"]
        share = round(100 * evidence["emphasis_share"])
        head = f"{n} words in capitals for emphasis ({share}% of words"
        example = " ".join(evidence["emphasised_words"][:4])
        head += f', e.g. "{example}")'
        k = evidence["mark_run_count"]
        if k:
            head += f' with {k} run{"s" if k != 1 else ""} of "!!"/"??"'
        if evidence.get("shouted_bursts"):
            head += f', shouting "{evidence["shouted_bursts"][0]}"'
        elif evidence.get("marked_sentences"):
            n_marked = evidence["marked_sentence_count"]
            head += f"; {n_marked} sentences closed by them"
        if "subject_in_capitals" in evidence:
            head += "; subject in capitals"
        return head
    if by_ratio:
        head = f"Most of the email is in capitals ({pct}% of {total.letters} letters)"
    elif by_sentences:
        head = f"{n_shouted} sentences are in capitals ({pct}% of {total.letters} letters overall)"
    else:
        head = f'{len(runs)} runs of exclamation marks (e.g. "{runs[0]}")'
        return head + ("; subject in capitals" if "subject_in_capitals" in evidence else "")
    if runs:
        head += f" with {len(runs)} run{'s' if len(runs) != 1 else ''} of exclamation marks"
    if "subject_in_capitals" in evidence:
        head += "; subject in capitals"
    return head


@dataclass
class _Emphasis:
    words: list[str] = field(default_factory=list)
    bursts: list[str] = field(default_factory=list)
    marked: list[str] = field(default_factory=list)
    sentences: int = 0
    total_words: int = 0

    @property
    def share(self) -> float:
        return len(self.words) / self.total_words if self.total_words else 0.0


def _caps_word_count(own: str, acronyms: frozenset[str], least: int) -> bool:
    """Whether the text has ``least`` words in capitals that are not acronyms (cheap)."""
    seen = 0
    for w in _CAPS_WORD.findall(own):
        # acronyms too: inside a shouted clause ("ITS NOT FAIR") they are shouted words
        if w.isupper() and w.isalpha():
            seen += 1
            if seen >= least:
                return True
    return False


def _emphasis(body: str, acronyms: frozenset[str]) -> _Emphasis:
    """The words in capitals of the email body (not acronyms, not words with digits, not
    one-letter words, not names after "Dear" or a title), the number of sentences they
    are in, and the number of words in all."""
    out = _Emphasis()
    for start, end in sentence_spans(body):
        sentence = body[start:end]
        out.total_words += len(_WORD.findall(sentence))
        titles = {
            t.end(): t.group(1).lower()
            for t in _NAME_BEFORE.finditer(sentence)
            if t.group(1) != "miss"  # "could miss PE AGAIN": the verb, not the title
        }
        runs = _shouted_runs(sentence, acronyms)
        for a, b in runs:
            closing = _BURST_END.match(sentence, b)
            if closing is not None and len(closing.group().strip()) >= 2:
                out.bursts.append(sentence[a : closing.end()].strip())
        name_left = 0
        found = False
        for m in _CAPS_TOKEN.finditer(sentence):
            tok = m.group()
            if m.start() in titles:
                name_left = 3 if titles[m.start()] == "dear" else 2
            if not tok.isupper() or tok.lower() == tok.upper():
                name_left = 0
                continue
            letters = sum(map(str.isalpha, tok))
            in_run = any(a <= m.start() < b for a, b in runs)
            if letters <= 1 or _has_digit(tok) or (_is_acronym(tok, acronyms) and not in_run):
                continue
            if name_left > 0:
                name_left -= 1
                continue
            out.words.append(tok)
            found = True
        out.sentences += found
        if found and _MARKED_END.search(sentence) and not _DELIGHT.search(sentence):
            out.marked.append(sentence.strip())
    return out


def _shouted_runs(sentence: str, acronyms: frozenset[str]) -> list[tuple[int, int]]:
    """Spans of three or more words in capitals in a row, two of them at least not
    acronyms, with 10 letters or more: a clause written in capitals."""
    out = []
    for m in _CAPS_RUN.finditer(sentence):
        words = _WORD.findall(m.group())
        if not all(w.isupper() for w in words) or sum(map(len, words)) < 10:
            continue
        if sum(len(w) >= 2 and not _is_acronym(w, acronyms) for w in words) >= 2:
            out.append((m.start(), m.end()))
    return out


def _capitals_not_shouted(own: str, settings: Settings) -> bool:
    """An email written wholly in capitals whose writer explains them, or writes calmly in
    them: courtesy (``calm_courtesy`` different words), not one "!" and no grievance words.
    Capitals switched on for a few sentences of a lower-case email are never excused."""
    if _count_plain(own).ratio < _HABITUAL_CAPITALS:
        return False
    if _CAPITALS_EXPLAINED.search(own):
        return True
    if settings.calm_courtesy <= 0 or "!" in own or _GRIEVANCE.search(own):
        return False
    courtesy = {m.group().lower() for m in _COURTESY.finditer(own)}
    return len(courtesy) >= settings.calm_courtesy


def _enough_capitals(own: str, acronyms: frozenset[str], least: float) -> bool:
    """Whether whole words in capitals that are not acronyms have ``least`` letters: a
    cheap test of whether :func:`_measure` could find shouting at all."""
    seen = 0
    for w in _CAPS_WORD.findall(own):
        if w.isupper() and not _is_acronym(w, acronyms):
            seen += len(w)
            if seen >= least:
                return True
    return False


def _least_capitals(settings: Settings, runs: int) -> float:
    """Fewer capitals than this cannot fire either rule. Half the strict minimum, so that
    words the cheap count splits differently ("DON'T") never make it miss."""
    bar = settings.caps_ratio - settings.exclamation_bonus * min(runs, 3)
    strict = min(
        bar * settings.min_letters, settings.sentence_caps_ratio * settings.sentence_letters
    )
    return 0.5 * strict


def _body_lines(own: str, min_line_letters: int) -> str:
    """The email without its sign-off block and without short lines. Dropped lines become
    empty lines so that sentences either side stay apart."""
    lines = own.split("\n")
    nonempty = [i for i, ln in enumerate(lines) if ln.strip()]
    for i in nonempty[-_SIGN_OFF_WINDOW:]:
        if len(lines[i].strip()) <= 40 and SIGN_OFF.match(lines[i].strip()):
            lines = lines[:i]
            break
    # A line three times the minimum long has enough letters, or so few that keeping it
    # changes nothing: only shorter lines are counted.
    long_enough = 3 * min_line_letters
    return "\n".join(
        ln if len(ln) >= long_enough or _cased_letters(ln) >= min_line_letters else ""
        for ln in lines
    )


def _cased_letters(s: str) -> int:
    # letters of any script: a caseless line is measured (and found calm) later
    return sum(map(str.isalpha, s))


def _has_digit(s: str) -> bool:
    return any(c.isdigit() for c in s)


def _measure(sentence: str, acronyms: frozenset[str]) -> _Count:
    """Capitals among the counted letters of one sentence (see the module docstring).

    Every letter is counted in bulk, then the words in capitals that do not count are taken
    off again: acronyms, words with digits, one-letter words, names after "Dear" or a title,
    and short bursts of capitals inside an ordinary sentence."""
    count = _count_plain(sentence)
    ordinary = _has_lower_word(sentence)
    run_words = run_letters = 0
    name_left = 0
    prev_end = -1

    def close_run() -> None:
        nonlocal run_words, run_letters
        if ordinary and run_words <= _BURST_WORDS and run_letters <= _BURST_LETTERS:
            count.letters -= run_letters  # emphasis, a name or an unknown acronym
            count.upper -= run_letters
        run_words = run_letters = 0

    titles = {t.end(): t.group(1).lower() for t in _NAME_BEFORE.finditer(sentence)}
    for m in _CAPS_TOKEN.finditer(sentence):
        tok = m.group()
        if tok.lower() == tok.upper():
            continue  # a number, or a script without case
        start = m.start()
        gap = sentence[prev_end:start] if prev_end >= 0 else "x"
        if gap != " " and _LETTER.search(gap):
            close_run()
            name_left = 0
        prev_end = m.end()
        if start in titles:
            name_left = 3 if titles[start] == "dear" else 2
        letters = len(tok) if tok.isalpha() else _cased_letters(tok)
        if not tok.isupper():  # one lower-case letter: SENCo, DfE, SATs, or an odd word
            if tok.upper() in acronyms:
                count.letters -= letters
                count.upper -= sum(map(str.isupper, tok))
            else:
                close_run()
            continue
        if letters <= 1 or _is_acronym(tok, acronyms) or (not tok.isalpha() and _has_digit(tok)):
            count.letters -= letters
            count.upper -= letters
            name_left = 0
        elif name_left > 0:
            name_left -= 1
            count.letters -= letters
            count.upper -= letters
        else:
            run_words += 1
            run_letters += letters
    close_run()
    return count


def _has_lower_word(sentence: str) -> bool:
    """Whether the sentence has a word in lower case (two lower-case letters in a row)."""
    if _TWO_LOWER_ASCII.search(sentence):
        return True
    if sentence.isascii():
        return False
    return any(m.group().islower() for m in _TWO_NOT_UPPER.finditer(sentence))


def _count_plain(text: str) -> _Count:
    """Letters and capitals of sentences without two capitals in a row (most of most
    emails), counted whole and fast: such a sentence has no word in capitals to leave out."""
    if text.isascii():
        raw = text.encode("ascii")
        return _Count(
            letters=len(raw.translate(None, _NOT_ASCII_LETTER)),
            upper=len(raw.translate(None, _NOT_ASCII_UPPER)),
        )
    upper = sum(map(str.isupper, text))
    return _Count(letters=upper + sum(map(str.islower, text)), upper=upper)


def _is_acronym(tok: str, acronyms: frozenset[str]) -> bool:
    """A known acronym in capitals or its usual mixed case (SENCo, DfE, Ofsted), also as a
    plural or possessive (EHCPs, TAs, SATs, SENCO's): ``acronyms`` holds those forms."""
    return not tok.islower() and tok.upper() in acronyms


@lru_cache(maxsize=32)
def _acronyms(extra: tuple[str, ...]) -> frozenset[str]:
    base = ACRONYMS | {a.strip().upper() for a in extra if a.strip()}
    plurals = {a + suffix for a in base if len(a) >= 2 for suffix in ("S", "'S")}
    return frozenset(base | plurals)


@lru_cache(maxsize=16)
def _exclamation_runs(length: int) -> re.Pattern[str]:
    # n or more of "!" and "?" with at least one "!": "!!!", "?!?!", "!!?"
    return re.compile(rf"(?=[!?]{{{length},}})[!?]*![!?]*")
