"""Text helpers and word lists shared by the shouting, abuse and safeguarding classifiers.

The three text classifiers read the same thing, a parent's own new words, and need the same
small services: the text without quoted lines (``>``), a lower-case copy whose positions match
the original (so a match found in the copy can be shown in the parent's own casing), sentence
boundaries for evidence, and "category:phrase" terms a school adds in config. The acronym list
lives here too because fairness to parents of SEN children depends on it: a calm email that
says "EHCP", "SENCO" and "CAMHS" five times is not shouting.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

# Acronyms parents write in capitals as a matter of course (upper-case form; the shouting
# classifier also accepts plurals and possessives, "EHCPs", "TAs", "SENCO's", and the usual
# mixed case, "SENCo", "DfE", "SATs"). Words that are also ordinary English (SEND, ADD,
# SALT, ODD, IT) are here because in capitals they are far more often the acronym; one of
# them inside a shouted email changes the ratio very little. CAHMS is the common misspelling.
ACRONYMS: frozenset[str] = frozenset(
    """
    SEN SEND SENCO SENCOS SENDCO SENDCOS EHCP EHC EHCNA EHCPS IEP IEPS IBP
    APDR SSP ADHD ADD ASD ASC PDA ODD OCD PTSD SPD SPLD DCD DLD SLCN SEMH MLD SLD
    PMLD PD HI VI MSI EBSA ARFID FASD CAMHS CYPMHS MHST ELSA EP SALT OT PT SLT DSL DDSL DSP
    LADO MASH CIN CP LAC CLA PEP PLAC EHA TAF MARAC CSE CCE FGM
    GCSE GCSES SATS SAT KS1 KS2 KS3 KS4 KS5 EYFS FS1 FS2 PE RE RSE RSHE PSHE ICT IT MFL DT
    STEM PTA PTFA INSET FSM PP UIFSM DFE DFES OFSTED ISI NHS GP A&E ENT CAHMS
    TA TAS HLTA HLTAS LSA LSAS SENDIASS IPSEA SENDIST LA LEA EWO EWS HT DHT AHT HOY SENDCO
    MAT CEO COO MP BBC ITV UK USA EU EAL ESOL WIFI PC ID DBS
    NB PS PPS FYI ASAP RSVP ETA OK OKAY TBC TBA PM
    """.upper().split()
)

# Lines that begin the sign-off block of a plain-text email ("Kind regards", "Thanks").
SIGN_OFF = re.compile(
    r"^\W*(?:(?:kind|best|warm|warmest|many|with)\s+)?"
    r"(?:regards|thanks|thank\s+you|thankyou|wishes|sincerely|yours(?:\s+\w+)?|cheers|"
    r"love|best|all\s+the\s+best|take\s+care|from|sent\s+from|ta)\b[\s\W]*$",
    re.IGNORECASE,
)

_WORDISH = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_@$*#")
# Every ASCII character that is not a letter becomes a space; apostrophes disappear.
_LETTERS_ONLY: dict[int, str | None] = {
    c: (None if chr(c) == "'" else " ") for c in range(128) if not chr(c).isalpha()
}

# Curly quotes and apostrophes as phones type them → their ASCII forms (same length).
_QUOTES = (("\u2019", "'"), ("\u2018", "'"), ("\u201c", '"'), ("\u201d", '"'), ("\u00a0", " "))

_SENTENCE_END = re.compile(r"[.!?]+[\"')\]]*(?=\s|$)")
_NOT_AN_END = re.compile(
    r"(?:\b(?:mr|mrs|ms|mx|dr|st|prof|rev|no|vs|etc|approx|e\.g|i\.e|yr|wk)|\b[a-z])\.$",
    re.IGNORECASE,
)
_CLAUSE_ENDS = (". ", "! ", "? ", ".\n", "!\n", "?\n", "\n\n")
# Sentences are looked for this far either side of a match before the whole text is split.
_LOCAL = 240
# A line this long without closing punctuation is taken to be hard-wrapped mid-sentence.
_WRAP_WIDTH = 60


class Prepared:
    """One text made ready for matching.

    ``text`` is the parent's words without ``>`` lines, with curly quotes straightened;
    ``lower`` is the same text lower-cased with identical positions; ``words`` is the set
    of its words (letters only, apostrophes dropped: "you'll" → "youll"), the cheap test of
    whether a rule can match at all; sentence boundaries are worked out only when a
    match needs its sentence.
    """

    __slots__ = ("text", "lower", "words", "_starts", "_spans", "_found", "_local")

    def __init__(self, text: str) -> None:
        self.text = own_text(text)
        self.lower = lower_same_length(self.text)
        self.words = words_of(self.lower)
        self._spans: tuple[tuple[int, int], ...] | None = None
        self._starts: list[int] = []
        self._found: dict[str, list[int]] = {}
        self._local: dict[int, tuple[int, int]] = {}

    @property
    def spans(self) -> tuple[tuple[int, int], ...]:
        if self._spans is None:
            self._spans = sentence_spans(self.text)
            self._starts = [s for s, _ in self._spans]
        return self._spans

    def sentence_at(self, pos: int) -> tuple[int, int]:
        """The (start, end) of the sentence containing position ``pos``. Until every
        sentence is needed, only the text around ``pos`` is split (a sentence longer than
        :data:`_LOCAL` characters either side is cut there)."""
        if self._spans is None and len(self.text) > 4 * _LOCAL:
            span = self._local.get(pos)
            if span is None:
                span = self._local[pos] = self._local_sentence(pos)
            return span
        spans = self.spans
        i = bisect_right(self._starts, pos) - 1
        if i < 0:
            return (0, min(len(self.text), 1))
        return spans[i]

    def _local_sentence(self, pos: int) -> tuple[int, int]:
        lo = max(0, pos - _LOCAL)
        if lo:
            lo = self.text.find(" ", lo, pos) + 1 or lo
        hi = min(len(self.text), pos + _LOCAL)
        for a, b in sentence_spans(self.text[lo:hi]):
            if a + lo <= pos < b + lo or a + lo > pos:
                return (a + lo, b + lo)
        return (pos, pos + 1)

    def clause_at(self, pos: int) -> tuple[int, int]:
        """A quick (start, end) of the sentence around ``pos``: from the closing punctuation
        or blank line before it to the one after, at most :data:`_LOCAL` characters either
        side. Cheaper than :meth:`sentence_at` and good enough for "in the same sentence"."""
        text = self.text
        lo, hi = max(0, pos - _LOCAL), min(len(text), pos + _LOCAL)
        starts = [i + 2 for i in (text.rfind(sep, lo, pos) for sep in _CLAUSE_ENDS) if i >= 0]
        ends = [i + 1 for i in (text.find(sep, pos, hi) for sep in _CLAUSE_ENDS) if i >= 0]
        return max(starts, default=lo), min(ends, default=hi)

    def find_word(self, word: str) -> list[int]:
        """Start positions of ``word`` as a whole word in :attr:`lower` (remembered: rules
        share anchor words)."""
        found = self._found.get(word)
        if found is None:
            low = self.lower
            found = [
                m.start()
                for m in _word_end(word).finditer(low)
                if m.start() == 0 or low[m.start() - 1] not in _WORDISH
            ]
            self._found[word] = found
        return found


@dataclass(frozen=True)
class Rule:
    """One word or phrase rule of a text classifier.

    The rule runs only when the email has a word from each group in ``need`` (a set test,
    so most rules cost nothing on most emails). With ``anchors``, ``pattern`` is tried only
    where one of those words starts (fast, whatever the pattern); without, it is searched
    for, and should begin with a literal word so the regex engine can skip ahead.
    ``before``, when set, must match the text that ends where the pattern starts, within
    ``window`` characters ("you are a" before "useless"); the hit then starts there.
    Every pattern in ``same_sentence`` must be found in the sentence of the hit ("dad" with
    "hits him", in either order), and so must one of ``same_words`` (a cheaper set test).
    ``prev``, when set, is the words allowed just before the hit (a cheap test made before
    ``before``). ``tag`` is the classifier's own marker."""

    name: str
    category: str
    weight: float
    pattern: re.Pattern[str]
    need: tuple[frozenset[str], ...] = ()
    anchors: frozenset[str] = frozenset()
    before: re.Pattern[str] | None = None
    window: int = 60
    same_sentence: tuple[re.Pattern[str], ...] = ()
    same_words: frozenset[str] = frozenset()
    prev: frozenset[str] = frozenset()
    tag: str = ""


def rule(
    name: str,
    category: str,
    weight: float,
    regex: str,
    *,
    need: tuple[frozenset[str], ...] = (),
    anchors: str | Iterable[str] = "",
    before: str | None = None,
    window: int = 60,
    same_sentence: str | tuple[str, ...] = (),
    same_words: str = "",
    prev: str = "",
    tag: str = "",
) -> Rule:
    words = frozenset(anchors.split() if isinstance(anchors, str) else anchors)
    sentence_patterns = (same_sentence,) if isinstance(same_sentence, str) else same_sentence
    prev_words = frozenset(prev.replace("'", "").split())
    # the word before the hit must be in the email too: often the rarest word of the rule
    groups = tuple(need) + ((words,) if words else ()) + ((prev_words,) if prev_words else ())
    return Rule(
        name=name,
        category=category,
        weight=weight,
        pattern=re.compile(regex),
        need=groups,
        anchors=words,
        before=re.compile(rf"(?<![\w@$*#'])(?:{before})$") if before else None,
        window=window,
        same_sentence=tuple(re.compile(p) for p in sentence_patterns),
        same_words=frozenset(same_words.replace("'", "").split()),
        prev=prev_words,
        tag=tag,
    )


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    rule: Rule


def find_hits(prep: Prepared, rules: Iterable[Rule], low: str | None = None) -> list[Hit]:
    """Every hit of every rule in the text, at most one per rule at any position. ``low``
    replaces :attr:`Prepared.lower` (the same text with some phrases blanked out)."""
    out: list[Hit] = []
    low = prep.lower if low is None else low
    words = prep.words
    for r in rules:
        if any(group.isdisjoint(words) for group in r.need):
            continue
        if r.anchors:
            starts = sorted(pos for w in r.anchors & words for pos in prep.find_word(w))
            if r.prev:
                starts = [pos for pos in starts if _prev_word(low, pos) in r.prev]
            found: Iterable[re.Match[str] | None] = (r.pattern.match(low, pos) for pos in starts)
        else:
            found = r.pattern.finditer(low)
        last_end = -1
        for m in found:
            if m is None or m.start() < last_end or not starts_word(low, m.start()):
                continue
            start = m.start()
            if r.prev and not r.anchors and _prev_word(low, start) not in r.prev:
                continue
            if r.before is not None:
                ctx = r.before.search(low, max(0, start - r.window), start)
                if ctx is None:
                    continue
                start = ctx.start()
            if r.same_sentence or r.same_words:
                s0, s1 = prep.clause_at(start)
                s1 = max(s1, m.end())
                if r.same_words and r.same_words.isdisjoint(words_of(low[s0:s1])):
                    continue
                if not all(p.search(low, s0, s1) for p in r.same_sentence):
                    continue
            out.append(Hit(start, m.end(), r))
            last_end = m.end()
    return out


class RuleIndex:
    """A classifier's rules, looked up by their words: of a hundred rules, an email usually
    wakes only the few whose words it contains, and only those are tried."""

    def __init__(self, rules: Iterable[Rule]) -> None:
        self.rules = tuple(rules)
        self._always: list[int] = []
        self._by_word: dict[str, list[int]] = {}
        for i, r in enumerate(self.rules):
            if not r.need:
                self._always.append(i)
                continue
            for w in min(r.need, key=len):  # the rarest-looking group is the gate
                self._by_word.setdefault(w, []).append(i)
        self._gate_words = frozenset(self._by_word)

    def hits(self, prep: Prepared, low: str | None = None) -> list[Hit]:
        woken = set(self._always)
        for w in prep.words & self._gate_words:
            woken.update(self._by_word[w])
        return find_hits(prep, [self.rules[i] for i in sorted(woken)], low)


@lru_cache(maxsize=4096)
def _word_end(word: str) -> re.Pattern[str]:
    # A literal first, so the regex engine can skip ahead; the start is checked in Python.
    return re.compile(re.escape(word) + r"(?![a-z0-9_@$*#])")


def _prev_word(low: str, pos: int) -> str:
    """The word before position ``pos`` (letters only, apostrophes dropped)."""
    j = pos - 1
    while j >= 0 and low[j] in " \t\n":
        j -= 1
    k = j
    while k >= 0 and (low[k].isalpha() or low[k] == "'"):
        k -= 1
    return low[k + 1 : j + 1].replace("'", "")


def need(*groups: str) -> tuple[frozenset[str], ...]:
    """``need("know", "where")``: a rule runs only when the text has "know" and "where";
    ``need("regret sorry", "you")``: "regret" or "sorry", and "you". Words are as in
    :attr:`Prepared.words` (letters only: "you'll" is "youll")."""
    return tuple(frozenset(g.replace("'", "").replace("-", " ").split()) for g in groups)


def starts_word(low: str, pos: int) -> bool:
    """Whether position ``pos`` begins a word (patterns leave ``\\b`` to this check, so
    that the regex engine can look for their first letters quickly)."""
    return pos == 0 or low[pos - 1] not in _WORDISH


def own_text(text: str) -> str:
    """The text without lines that quote an earlier email (``>``), curly quotes straightened.

    Quoted lines are replaced by empty lines, so paragraphs either side stay apart."""
    text = straighten(text or "").replace("\r\n", "\n").replace("\r", "\n")
    if ">" not in text:
        return text
    return "\n".join("" if ln.lstrip().startswith(">") else ln for ln in text.split("\n"))


def straighten(text: str) -> str:
    """Curly quotes and apostrophes, and no-break spaces, as their ASCII forms."""
    if text.isascii():
        return text
    for curly, plain in _QUOTES:
        if curly in text:
            text = text.replace(curly, plain)
    return text


def words_of(low: str) -> frozenset[str]:
    """The words of a lower-case text: letters only, apostrophes dropped ("youll")."""
    if not low.isascii():  # str.translate is fast only on ASCII text: "£", "é" become "?"
        low = low.encode("ascii", "replace").decode("ascii")
    return frozenset(low.translate(_LETTERS_ONLY).split())


def lower_same_length(text: str) -> str:
    """``text.lower()``, except that the few characters whose lower case is longer (Turkish
    dotted capital I) are kept, so positions in the result match positions in ``text``."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def sentence_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Sentence boundaries: closing punctuation, blank lines, and line breaks that are not
    hard wraps (a line shorter than ~60 characters, or one ending in punctuation, ends a
    sentence; a long line without it continues on the next line)."""
    breaks: list[int] = []
    for m in _SENTENCE_END.finditer(text):
        if m.group().startswith(".") and _NOT_AN_END.search(text, max(0, m.start() - 8), m.end()):
            continue
        breaks.append(m.end())
    line_start = 0
    while True:
        nl = text.find("\n", line_start)
        if nl < 0:
            break
        line = text[line_start:nl].rstrip()
        if len(line.strip()) < _WRAP_WIDTH or line[-1:] in ".!?:;,\"'" or not line:
            breaks.append(nl)
        line_start = nl + 1
    breaks.append(len(text))
    breaks.sort()
    spans: list[tuple[int, int]] = []
    start = 0
    for end in breaks:
        if end <= start:
            continue
        seg = text[start:end]
        stripped = seg.strip()
        if stripped:
            lead = len(seg) - len(seg.lstrip())
            spans.append((start + lead, start + lead + len(stripped)))
        start = end
    return tuple(spans)


def prepare(text: str) -> Prepared:
    return Prepared(text)


def trim(s: str, limit: int = 200) -> str:
    """One line of at most ``limit`` characters, whitespace collapsed, "…" when cut."""
    s = " ".join(s.split())
    if len(s) <= limit:
        return s
    return s[: limit - 1].rstrip() + "…"


def snippet(prep: Prepared, start: int, end: int, limit: int = 200) -> str:
    """The sentence around ``text[start:end]``, cut to ``limit`` characters around the match
    when the sentence is longer."""
    s0, s1 = prep.sentence_at(start)
    s1 = max(s1, end)
    if s1 - s0 > limit:
        mid = (start + end) // 2
        s0 = max(s0, mid - limit // 2)
        s1 = min(s1, s0 + limit)
        return trim(("…" if s0 > 0 else "") + prep.text[s0:s1] + "…", limit + 2)
    return trim(prep.text[s0:s1], limit)


def phrase_regex(phrase: str) -> str:
    """A school's term as a regex: literal words, any run of spaces or hyphens between them,
    an optional apostrophe, whole words only (no match inside "Scunthorpe")."""
    words = [re.escape(w).replace("'", "'?") for w in straighten(phrase.lower()).split()]
    body = r"[\s\-]+".join(words)
    return rf"(?<![\w]){body}(?![\w])"


def parse_terms(
    terms: Iterable[str], categories: Iterable[str], default: str
) -> list[tuple[str, str]]:
    """``("threat:see you in court", "jobsworth")`` → ``[("threat", "see you in court"),
    ("<default>", "jobsworth")]``; a prefix that is not a known category stays in the phrase."""
    known = set(categories)
    out = []
    for term in terms:
        head, sep, rest = term.partition(":")
        if sep and head.strip().lower() in known and rest.strip():
            out.append((head.strip().lower(), rest.strip()))
        elif term.strip():
            out.append((default, term.strip()))
    return out
