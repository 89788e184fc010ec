"""Text similarity for "is this the same matter?" (scikit-learn TF-IDF, cosine).

Features are hashed, so a word never seen before still counts, and the IDF weights come from
a background of recent parent messages, so words every parent writes ("son", "class",
"thanks") weigh little while "inhaler" or "coach" weigh a lot.

Speed without changing a single score. Tokenising is expensive and the same texts come back
batch after batch (the background of recent messages, a parent's open threads), so each
text's hashed row is remembered (:class:`_RowCache`). And a comparison is a handful of short
texts over a few hundred of the 2**20 columns, where building sparse matrices costs far more
than the arithmetic: :meth:`Similarity.best_match` does the same operations as the sparse
formulation (:meth:`Similarity.vectors`, a 0/1 diagonal product, a sparse dot product),
element by element and in the same order, on plain lists, so every score is bit for bit the
one the matrices give (``tests/unit/test_threading.py`` checks it).
"""

from __future__ import annotations

import math
import re
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import (
    ENGLISH_STOP_WORDS,
    HashingVectorizer,
    TfidfTransformer,
)
from sklearn.preprocessing import normalize

# Words that appear in nearly every email to a school office and say nothing about the matter.
SCHOOL_STOP_WORDS = frozenset(
    """
    dear hi hello hiya morning afternoon evening thanks thank regards kind best wishes many
    cheers sincerely faithfully mr mrs ms miss dr sir madam team office school academy please
    sorry just know let like wondering wonder wanted want hope hoping ask asking grateful
    appreciate advise advice email emailing emailed message write writing wrote reply
    son daughter child children kids pupil student year class form tutor teacher staff parent
    parents mum mom dad today tomorrow yesterday week weeks day days time morning afternoon
    monday tuesday wednesday thursday friday saturday sunday
    """.split()
)
STOP_WORDS = frozenset(ENGLISH_STOP_WORDS) | SCHOOL_STOP_WORDS
_MIN_BACKGROUND = 50
_TOKEN = re.compile(r"(?u)\b[^\W\d_][^\W\d_]+\b")
_N_FEATURES = 2**20
# Hashed rows remembered per process. A background is 1,000 texts and each parent's open
# threads add a few dozen; a row costs a few KB with its key.
_CACHE_ROWS = 6000


def _tokens(text: str) -> list[str]:
    return [t for t in _TOKEN.findall(text.lower()) if t not in STOP_WORDS]


class _RowCache:
    """text → its hashed term counts (column indices, counts), least recently used dropped."""

    def __init__(self, hasher: HashingVectorizer, size: int = _CACHE_ROWS) -> None:
        self._hasher = hasher
        self._size = size
        self._rows: OrderedDict[str, tuple[np.ndarray, np.ndarray]] = OrderedDict()

    def arrays(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(indptr, indices, data)`` of ``hasher.transform(texts)``, hashing only the
        texts not seen lately."""
        rows = self._rows
        missing = [t for t in dict.fromkeys(texts) if t not in rows]
        if missing:
            hashed = self._hasher.transform(missing)
            for i, text in enumerate(missing):
                start, end = hashed.indptr[i], hashed.indptr[i + 1]
                rows[text] = (hashed.indices[start:end].copy(), hashed.data[start:end].copy())
        parts = []
        for text in texts:
            rows.move_to_end(text)
            parts.append(rows[text])
        while len(rows) > self._size:
            rows.popitem(last=False)
        indptr = np.zeros(len(parts) + 1, dtype=np.int32)
        np.cumsum([len(p[0]) for p in parts], out=indptr[1:])
        if not parts:
            return indptr, np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float64)
        indices = np.concatenate([p[0] for p in parts]).astype(np.int32, copy=False)
        data = np.concatenate([p[1] for p in parts]).astype(np.float64, copy=False)
        return indptr, indices, data

    def clear(self) -> None:
        self._rows.clear()

    def matrix(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """Exactly ``hasher.transform(texts)``."""
        indptr, indices, data = self.arrays(texts)
        return sparse.csr_matrix((data, indices, indptr), shape=(len(texts), _N_FEATURES))


_HASHER = HashingVectorizer(
    analyzer=_tokens,
    n_features=_N_FEATURES,
    alternate_sign=False,
    norm=None,
)
_CACHE = _RowCache(_HASHER)


def forget() -> None:
    """Drop the remembered rows (after a first run: they are rebuilt as texts come back)."""
    _CACHE.clear()


class Similarity:
    def __init__(self, background: Sequence[str] = ()) -> None:
        # A handful of messages gives no useful IDF, only noise: the thread being compared
        # would be most of it, weighing down exactly the words it shares with the new email.
        self._docs = list(background) if len(background) >= _MIN_BACKGROUND else [""]
        self._idf = _smooth_idf(self._docs)
        self._transformer: Any = None

    def vectors(self, texts: Sequence[str], drop: Sequence[str] = ()) -> sparse.csr_matrix:
        """L2-normalised TF-IDF rows over all 2**20 hashed columns, ``drop`` words zeroed.

        The comparison written with scikit-learn's own transformer and sparse matrices:
        :meth:`best_match` computes the same numbers without them.
        """
        if self._transformer is None:
            self._transformer = TfidfTransformer(sublinear_tf=True, norm=None)
            self._transformer.fit(_CACHE.matrix(self._docs))
        matrix = self._transformer.transform(_CACHE.matrix(texts))
        if drop:
            columns = _CACHE.matrix([" ".join(drop)]).indices
            matrix = matrix.tolil()
            matrix[:, columns] = 0
            matrix = matrix.tocsr()
        return normalize(matrix)

    def best_match(
        self, query: str, groups: Sequence[Sequence[str]], drop: Sequence[str] = ()
    ) -> list[float]:
        """For each group of texts, the highest cosine similarity of ``query`` to one of them.

        Words that occur in two or more groups are ignored: for one parent they are the
        child's name, the class, the sign-off, not the matter.
        """
        flat = [t for g in groups for t in g]
        if not flat:
            return [0.0 for _ in groups]
        rows = self._rows([query, *flat], drop)
        owners = [g for g, group in enumerate(groups) for _ in group]
        if len(groups) > 1:
            shared = _shared_columns(rows[1:], owners)
            if shared:
                # As a sparse product with a 0/1 diagonal would: the other columns in
                # reverse order, then normalised again.
                rows = [_l2([(c, v) for c, v in reversed(row) if c not in shared]) for row in rows]
        query_row = dict(rows[0])
        best = [0.0] * len(groups)
        for owner, row in zip(owners, rows[1:], strict=True):
            score = 0.0
            for column, value in row:  # summed in the row's order, as the sparse product does
                weight = query_row.get(column)
                if weight is not None:
                    score += value * weight
            best[owner] = max(best[owner], score)
        return best

    def _rows(self, texts: Sequence[str], drop: Sequence[str]) -> list[list[tuple[int, float]]]:
        """Each text's L2-normalised TF-IDF weights as (column, weight) in column order.

        The same arithmetic as :meth:`vectors`, element by element and in the same order,
        on plain lists: at a handful of short texts per comparison, building sparse matrices
        cost far more than the sums.
        """
        indptr, indices, data = _CACHE.arrays(texts)
        np.log(data, out=data)  # sublinear tf, then idf: as TfidfTransformer.transform
        data += 1.0
        data *= self._idf[indices]
        dropped = frozenset(_CACHE.arrays([" ".join(drop)])[1].tolist()) if drop else frozenset()
        columns, weights, bounds = indices.tolist(), data.tolist(), indptr.tolist()
        return [
            _l2(
                [
                    (c, w)
                    for c, w in zip(columns[start:end], weights[start:end], strict=True)
                    if c not in dropped
                ]
            )
            for start, end in zip(bounds, bounds[1:], strict=False)
        ]


def _smooth_idf(docs: Sequence[str]) -> np.ndarray:
    """IDF weights as ``TfidfTransformer(smooth_idf=True).fit`` computes them, step by step
    (document frequencies, then ``log((n + 1) / (df + 1)) + 1`` in float64), without the
    input validation that costs more than the sums."""
    _indptr, indices, _data = _CACHE.arrays(docs)
    idf = np.bincount(indices, minlength=_N_FEATURES).astype(np.float64)
    idf += 1.0  # document frequencies, smoothed
    np.divide(float(len(docs) + 1), idf, out=idf)  # n / df, each quotient as sklearn's
    np.log(idf, out=idf)
    idf += 1.0
    return idf


def _l2(row: list[tuple[int, float]]) -> list[tuple[int, float]]:
    """The row divided by its Euclidean norm, summed in row order (as sklearn's normalize)."""
    total = 0.0
    for _column, value in row:
        total += value * value
    if total == 0.0:
        return row
    norm = math.sqrt(total)
    return [(column, value / norm) for column, value in row]


def _shared_columns(rows: Sequence[list[tuple[int, float]]], owners: Sequence[int]) -> set[int]:
    """Columns with a positive weight in rows of two or more different groups."""
    first_group: dict[int, int] = {}
    shared: set[int] = set()
    for owner, row in zip(owners, rows, strict=True):
        for column, value in row:
            if value > 0:
                seen = first_group.setdefault(column, owner)
                if seen != owner:
                    shared.add(column)
    return shared
