"""Text similarity for "is this the same matter?" (scikit-learn TF-IDF, cosine).

Features are hashed, so a word never seen before still counts, and the IDF weights come from
a background of recent parent messages, so words every parent writes ("son", "class",
"thanks") weigh little while "inhaler" or "coach" weigh a lot.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

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


def _tokens(text: str) -> list[str]:
    return [t for t in _TOKEN.findall(text.lower()) if t not in STOP_WORDS]


class Similarity:
    def __init__(self, background: Sequence[str] = ()) -> None:
        self._hasher = HashingVectorizer(
            analyzer=_tokens,
            n_features=2**20,
            alternate_sign=False,
            norm=None,
        )
        self._idf = TfidfTransformer(sublinear_tf=True, norm=None)
        # A handful of messages gives no useful IDF, only noise: the thread being compared
        # would be most of it, weighing down exactly the words it shares with the new email.
        docs = list(background) if len(background) >= _MIN_BACKGROUND else [""]
        self._idf.fit(self._hasher.transform(docs))

    def vectors(self, texts: Sequence[str], drop: Sequence[str] = ()) -> sparse.csr_matrix:
        matrix = self._idf.transform(self._hasher.transform(texts))
        if drop:
            columns = self._hasher.transform([" ".join(drop)]).nonzero()[1]
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
        matrix = self.vectors([query, *flat], drop)
        owners = np.repeat(np.arange(len(groups)), [len(g) for g in groups])
        if len(groups) > 1:
            present = (matrix[1:] > 0).astype(np.int8)
            per_group = (
                sparse.csr_matrix(
                    (np.ones(len(owners)), (owners, np.arange(len(owners)))),
                    shape=(len(groups), len(owners)),
                )
                @ present
            )
            shared = np.asarray((per_group > 0).sum(axis=0)).ravel() >= 2
            if shared.any():
                keep = sparse.diags((~shared).astype(float))
                matrix = normalize(matrix @ keep)
        scores = (matrix[1:] @ matrix[0].T).toarray().ravel()
        best = [0.0] * len(groups)
        for owner, score in zip(owners, scores, strict=True):
            best[owner] = max(best[owner], float(score))
        return best
