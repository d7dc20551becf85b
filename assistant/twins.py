"""Near-twin procedure names: which of two almost equal names the question's words favour.

Many procedures differ from another by a few words of their name: "Xóa đăng ký tạm trú" and
"Đăng ký tạm trú", "Công nhận hộ thoát nghèo…" and "Công nhận hộ nghèo…", "Cấp thẻ căn cước
cho người dưới 14 tuổi" and "…từ đủ 14 tuổi trở lên". A question that says none of the extra
words is about the plainer twin; one that says them is about the other. The variant markers
in `knowledge/query_words.yaml` name the common conditions by hand; this finds every such pair
in the corpus, so the ranking can weigh the words that tell twins apart.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.preprocessing import MultiLabelBinarizer

from assistant.domain import without_level
from assistant.vntext import fold, syllables

TWIN_SIMILARITY = 0.5  # Jaccard of two names' words from which they are twins
# Words that join a name rather than distinguish it (compared accented: "đối" joins, "đổi"
# distinguishes).
_JOINING = frozenset(
    "thủ tục đối với của cho và các trong được tại theo hoặc trường hợp thực hiện là có về từ đã việc".split()
)


def name_words(name: str) -> frozenset[str]:
    """The folded words that say what a procedure is (not where, not joining words)."""
    return frozenset(fold(s) for s in syllables(without_level(name)) if s not in _JOINING)


@dataclass(frozen=True)
class NameTwins:
    """Every ordered pair of twin names, with the words each has and the other lacks."""

    first: np.ndarray  # per pair: one procedure's index
    own: sparse.csr_matrix  # pairs × words: the words only the first's name has
    other: sparse.csr_matrix  # pairs × words: the words only its twin's name has
    vocabulary: dict[str, int]
    count: int  # procedures

    @classmethod
    def build(cls, names: list[str | None]) -> NameTwins:
        binarizer = MultiLabelBinarizer(sparse_output=True)
        name_by_word = binarizer.fit_transform([name_words(n) if n else frozenset() for n in names]).astype(np.float32).tocsr()
        vocabulary = {w: i for i, w in enumerate(binarizer.classes_)}
        size = np.asarray(name_by_word.sum(axis=1)).ravel()
        shared = (name_by_word @ name_by_word.T).tocoo()
        union = size[shared.row] + size[shared.col] - shared.data
        same = (shared.data == size[shared.row]) & (shared.data == size[shared.col])  # "(cấp tỉnh)" twins: the ward signal's job
        twin = (shared.row != shared.col) & ~same & (shared.data >= TWIN_SIMILARITY * union)
        first, second = shared.row[twin], shared.col[twin]
        both = name_by_word[first].multiply(name_by_word[second])
        own = (name_by_word[first] - both).tocsr()
        other = (name_by_word[second] - both).tocsr()
        own.eliminate_zeros()
        other.eliminate_zeros()
        return cls(first.astype(np.int64), own, other, vocabulary, len(names))

    def signals(self, asked: set[str]) -> tuple[np.ndarray, np.ndarray]:
        """Per procedure, how its name's own words fare against each twin's own words in the
        question (+1: its words said, the twin's not; -1: the reverse; 0: no difference), at
        worst and at best over its twins (0 for a procedure without twins)."""
        worst = np.zeros(self.count)
        best = np.zeros(self.count)
        if not len(self.first):
            return worst, best
        vector = np.zeros(self.own.shape[1], dtype=np.float32)
        vector[[self.vocabulary[w] for w in asked if w in self.vocabulary]] = 1.0
        contrast = (_balance(self.own, vector) - _balance(self.other, vector)) / 2
        np.minimum.at(worst, self.first, contrast)
        np.maximum.at(best, self.first, contrast)
        return worst, best


def _balance(words: sparse.csr_matrix, asked: np.ndarray) -> np.ndarray:
    """Per pair: +1 when the question says all these words, -1 when none (0 when there are none)."""
    size = np.diff(words.indptr)
    said = words @ asked
    return np.where(size > 0, (2 * said - size) / np.maximum(size, 1), 0.0)
