"""Shared helpers for the history-aware classifiers (volume, repeated, duplicate, chasing).

Three small toolkits live here so the four classifiers read the same way:

- **words**: :func:`normalise`, :func:`words`, :func:`content_words` (lower case, punctuation
  stripped, English stop words and mail pleasantries dropped, a light suffix stemmer so
  "bullied", "bullies" and "bullying" are one word) and :func:`similarities`, a TF-IDF cosine
  fitted on the texts at hand (one parent's history is small, so fitting is cheap);
- **dates in text**: :func:`date_mentions` (weekday names, "17th", "17 Nov", "17/11") and
  :func:`day_anchored` ("today", "this morning", ...), which tell a new notice or a new
  incident from a repeat;
- **history**: :func:`clean_history` (drop the message itself and anything after it, sort),
  :func:`same_matter` and :func:`is_parent_mail` / :func:`is_school_answer`, plus
  :func:`when` to show a time in the school's zone.

scikit-learn is imported inside the functions that need it, so importing a classifier stays
fast and a unit test of the rules needs no model.
"""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Iterable, Sequence
from datetime import datetime, tzinfo
from functools import lru_cache
from typing import Any

from classifiers.base import PastMessage

# Matters too broad to say two emails are about the same thing: only the thread links them.
CATCH_ALL_MATTERS = frozenset({"general", ""})

# Texts whose words, content words and dates are remembered: a parent's history is read again
# for each of their new emails. The words are interned: a remembered text costs a pointer a word.
_REMEMBERED = 4096
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'"})
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
# Greetings, sign-offs and titles: every email from one parent has them, they say nothing.
_PLEASANTRIES = frozenset(
    """
    dear hi hello hiya morning afternoon evening thanks thank regards kind best wishes many
    cheers sincerely faithfully mr mrs ms miss dr sir madam x xx xxx
    """.split()
)
# Contractions and fillers sklearn's list lacks; "dont" and "don't" both arrive.
_CONTRACTIONS = frozenset(
    """
    don't doesn't didn't isn't aren't wasn't weren't haven't hasn't hadn't won't wouldn't can't
    couldn't shouldn't mustn't i'm i've i'd i'll he's she's it's they're we're you're that's
    there's what's let's we've they've you've we'll they'll he'd she'd we'd they'd just ok okay
    """.split()
)


@lru_cache(maxsize=_REMEMBERED)
def normalise(text: str) -> str:
    """Lower case, straight apostrophes, punctuation gone, whitespace collapsed: two emails
    that differ only in line breaks or a full stop normalise to the same string."""
    return " ".join(_WORD.findall(text.lower().translate(_APOSTROPHES)))


def words(text: str) -> list[str]:
    """Every word token (lower case), stop words included: for length checks."""
    return list(_words(text))


@lru_cache(maxsize=_REMEMBERED)
def _words(text: str) -> tuple[str, ...]:
    return tuple(map(sys.intern, _WORD.findall(text.lower().translate(_APOSTROPHES))))


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    base = frozenset(ENGLISH_STOP_WORDS) | _PLEASANTRIES | _CONTRACTIONS
    # "don't" and "i'm" arrive with their apostrophe; their halves are stop words already.
    return base | frozenset(w.replace("'", "") for w in base)


def _undouble(word: str) -> str:
    if len(word) >= 3 and word[-1] == word[-2] and word[-1] not in "lsz":
        return word[:-1]
    return word


def stem(word: str) -> str:
    """A deliberately light stemmer: plural, -ed, -ing and a final -e come off, so the
    forms of one verb or noun meet ("bullied"/"bullying" → "bully", "hitting"/"hit" →
    "hit", "emails"/"emailed" → "email"). Numbers and short words are left alone."""
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith(("ies", "ied")) and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("ing") and len(word) > 5:
        word = _undouble(word[:-3])
    elif word.endswith("ed") and len(word) > 4 and not word.endswith("eed"):
        word = _undouble(word[:-2])
    elif word.endswith(("ches", "shes", "sses", "xes", "zes")):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        word = word[:-1]
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    return word


def content_words(text: str, extra_stop: Iterable[str] = ()) -> list[str]:
    """The stems of the words that carry meaning, in order (repeats kept)."""
    extra = frozenset(extra_stop)
    if not extra:
        return list(_content_words(text))
    return _content_words_without(text, extra)


@lru_cache(maxsize=_REMEMBERED)
def _content_words(text: str) -> tuple[str, ...]:
    # One parent's history is read again for each of their new emails: remembered.
    return tuple(map(sys.intern, _content_words_without(text, frozenset())))


def _content_words_without(text: str, extra: frozenset[str]) -> list[str]:
    stop = _stop_words()
    out = []
    for token in words(text):
        token = token.replace("'", "")
        if len(token) < 2 or token in stop:
            continue
        stemmed = stem(token)
        if stemmed in extra or token in extra:
            continue
        out.append(stemmed)
    return out


def similarities(query: str, others: Sequence[str], background: Sequence[str] = ()) -> list[float]:
    """Cosine similarity of ``query`` to each of ``others`` (TF-IDF, sublinear tf), fitted on
    query + others + background: the parent's own history, so the words this parent puts in
    every email (the child's name, the class) weigh less than the point of the email."""
    if not others:
        return []
    docs = [query, *others, *background]
    if not _content_words(query) or not any(_content_words(t) for t in others):
        return [0.0 for _ in others]
    rows = _tfidf_rows(docs, 1 + len(others))
    query_row = dict(rows[0])
    scores = []
    for row in rows[1:]:
        score = 0.0
        for column, value in row:  # summed in the row's order, as the sparse product does
            weight = query_row.get(column)
            if weight is not None:
                score += value * weight
        scores.append(float(min(1.0, max(0.0, score))))
    return scores


def similarities_sparse(
    query: str, others: Sequence[str], background: Sequence[str] = ()
) -> list[float]:
    """:func:`similarities` written with scikit-learn's vectoriser and sparse matrices: the
    reference it must equal bit for bit (it is what ``similarities`` was)."""
    if not others:
        return []
    docs = [query, *others, *background]
    if not content_words(query) or not any(content_words(t) for t in others):
        return [0.0 for _ in others]
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectoriser = TfidfVectorizer(analyzer=content_words, sublinear_tf=True)
    matrix = vectoriser.fit_transform(docs)  # rows are L2-normalised
    scores = (matrix[1 : 1 + len(others)] @ matrix[0].T).toarray().ravel()
    return [float(min(1.0, max(0.0, s))) for s in scores]


def _tfidf_rows(docs: Sequence[str], wanted: int) -> list[list[tuple[int, float]]]:
    """The first ``wanted`` rows of ``TfidfVectorizer(analyzer=content_words,
    sublinear_tf=True).fit_transform(docs)`` as (column, weight) lists, in the order the
    sparse rows hold them, computed with the same operations in the same order.

    Building the vectoriser and its sparse matrices for a handful of short texts cost far
    more than the sums. Columns here are numbered in order of first appearance (the
    vectoriser renumbers them alphabetically afterwards, which changes neither a row's order
    nor any value). The logarithms run in numpy, as the vectoriser's do.
    """
    import numpy as np

    vocabulary: dict[str, int] = {}
    df: list[int] = []
    counters: list[dict[int, int]] = []
    for i, doc in enumerate(docs):
        counter: dict[int, int] = {}
        for term, count in _term_counts(doc).items():  # in order of first appearance
            column = vocabulary.get(term)
            if column is None:
                column = vocabulary[term] = len(df)
                df.append(0)
            counter[column] = count
            df[column] += 1
        if i < wanted:
            counters.append(counter)
    # Rows sorted by column (the vectoriser's sort_indices), each count once as a float.
    columns = [sorted(counter) for counter in counters]
    flat = [c for row in columns for c in row]
    data = np.array(
        [counters[i][c] for i, row in enumerate(columns) for c in row], dtype=np.float64
    )
    np.log(data, out=data)  # sublinear tf
    data += 1.0
    used = sorted(set(flat))
    idf = np.full(len(used), float(len(docs) + 1), dtype=np.float64)
    idf /= np.array([df[c] + 1 for c in used], dtype=np.float64)  # smoothed
    np.log(idf, out=idf)
    idf += 1.0
    position = {c: i for i, c in enumerate(used)}
    data *= idf[np.array([position[c] for c in flat], dtype=np.intp)]
    weights = data.tolist()
    rows: list[list[tuple[int, float]]] = []
    start = 0
    for row in columns:
        end = start + len(row)
        rows.append(_l2(list(zip(row, weights[start:end], strict=True))))
        start = end
    return rows


@lru_cache(maxsize=_REMEMBERED)
def _term_counts(text: str) -> dict[str, int]:
    """Each content word of ``text`` with its count, in order of first appearance. Callers
    must not change the dict (it is remembered)."""
    counts: dict[str, int] = {}
    for term in _content_words(text):
        counts[term] = counts.get(term, 0) + 1
    return counts


def _l2(row: list[tuple[int, float]]) -> list[tuple[int, float]]:
    """The row divided by its Euclidean norm, summed in row order (as sklearn's normalize)."""
    total = 0.0
    for _column, value in row:
        total += value * value
    if total == 0.0:
        return row
    norm = math.sqrt(total)
    return [(column, value / norm) for column, value in row]


def new_words(text: str, known: Iterable[str], extra_stop: Iterable[str] = ()) -> list[str]:
    """Distinct content words of ``text`` found in none of the ``known`` texts, in order."""
    seen: set[str] = set()
    for other in known:
        seen.update(content_words(other))
    out: list[str] = []
    for w in content_words(text, extra_stop):
        if w not in seen and w not in out:
            out.append(w)
    return out


def distinct_content_words(text: str, extra_stop: Iterable[str] = ()) -> list[str]:
    return list(dict.fromkeys(content_words(text, extra_stop)))


# --- dates in text ----------------------------------------------------------------------

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = (
    "jan feb mar apr may jun jul aug sep oct nov dec".split(),
    "january february march april may june july august september october november december".split(),
)
_MONTH_RE = "|".join(sorted(set(_MONTHS[0] + _MONTHS[1] + ["sept"]), key=len, reverse=True))
_DATE_PATTERNS = (
    re.compile(r"\b(?P<wd>" + "|".join(_WEEKDAYS) + r")\b"),
    re.compile(r"\b(?P<d>[0-3]?\d)(?:st|nd|rd|th)\b"),
    re.compile(r"\b(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?:" + _MONTH_RE + r")\b"),
    re.compile(r"\b(?:" + _MONTH_RE + r")\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\b"),
    re.compile(r"\b(?P<d>[0-3]?\d)[/.][01]?\d(?:[/.]\d{2,4})?\b"),
)
_DAY_ANCHORED = re.compile(
    r"\b(today|tonight|tomorrow|yesterday|this (?:morning|afternoon|evening)|last night)\b"
)


@lru_cache(maxsize=_REMEMBERED)
def date_mentions(text: str) -> frozenset[str]:
    """The days a text names: weekday names ("tuesday") and days of the month ("d17")."""
    lowered = text.lower()
    found: set[str] = set()
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(lowered):
            groups = match.groupdict()
            if groups.get("wd"):
                found.add(groups["wd"])
            elif groups.get("d"):
                day = int(groups["d"])
                if 1 <= day <= 31:
                    found.add(f"d{day}")
    return frozenset(found)


def dates_of(moments: Iterable[datetime], zone: tzinfo | None = None) -> frozenset[str]:
    """The same tokens as :func:`date_mentions` for actual moments (the days emails were
    sent), so "as I said on Monday" about the correspondence itself is not a new date."""
    out: set[str] = set()
    for moment in moments:
        local = moment.astimezone(zone) if zone is not None else moment
        out.add(_WEEKDAYS[local.weekday()])
        out.add(f"d{local.day}")
    return frozenset(out)


def day_anchored(text: str) -> bool:
    """True when the text talks about the day it was sent ("today", "this morning")."""
    return _DAY_ANCHORED.search(text.lower()) is not None


# --- history ----------------------------------------------------------------------------


def clean_history(message: PastMessage, history: Sequence[PastMessage]) -> list[PastMessage]:
    """History as the classifiers assume it: without ``message`` itself or anything after
    it, oldest first (the caller's order is not trusted)."""
    kept = [
        m
        for m in history
        if m.message_id != message.message_id and m.received_at <= message.received_at
    ]
    return sorted(kept, key=lambda m: m.received_at)


def same_matter(a: PastMessage, b: PastMessage) -> bool:
    """Same thread, or the same specific matter (a catch-all matter such as "general" links
    two emails only through their thread)."""
    if a.thread_id is not None and a.thread_id == b.thread_id:
        return True
    return a.matter == b.matter and a.matter not in CATCH_ALL_MATTERS


def is_parent_mail(m: PastMessage) -> bool:
    return m.direction == "inbound" and m.sender_kind == "parent"


def is_school_answer(m: PastMessage) -> bool:
    """A person at the school wrote it: never an automatic holding reply."""
    return m.direction == "outbound" and m.sender_kind == "staff" and not m.is_holding_reply


def school_zone(calendar: Any) -> tzinfo | None:
    """The calendar's time zone when it has one (``SchoolCalendar.tz``)."""
    zone = getattr(calendar, "tz", None)
    return zone if isinstance(zone, tzinfo) else None


def when(moment: datetime, zone: tzinfo | None = None, *, time: bool = True) -> str:
    """ "Mon 16 Nov 09:12" (or "Mon 16 Nov") in the school's zone."""
    local = moment.astimezone(zone) if zone is not None else moment
    day = f"{local:%a} {local.day} {local:%b}"
    return f"{day} {local:%H:%M}" if time else day


def clock(moment: datetime, zone: tzinfo | None = None) -> str:
    """ "Wed 25 Nov 4pm" / "Wed 25 Nov 4:30pm": how a school writes a deadline."""
    local = moment.astimezone(zone) if zone is not None else moment
    hour = local.hour % 12 or 12
    suffix = "am" if local.hour < 12 else "pm"
    minutes = f":{local.minute:02d}" if local.minute else ""
    return f"{local:%a} {local.day} {local:%b} {hour}{minutes}{suffix}"


def gap(earlier: datetime, later: datetime) -> str:
    """ "40 minutes", "3 hours", "1 day", "4 days"."""
    seconds = max(0.0, (later - earlier).total_seconds())
    if seconds < 3600:
        n, unit = max(1, round(seconds / 60)), "minute"
    elif seconds < 86400:
        n, unit = round(seconds / 3600), "hour"
    else:
        n, unit = round(seconds / 86400), "day"
    return f"{n} {unit}{'' if n == 1 else 's'}"


def iso(moment: datetime) -> str:
    return moment.isoformat()
