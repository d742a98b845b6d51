"""Which earlier recommendations say the same thing: the same issue raised again by
another body or in another cycle ("decriminalize defamation", UNESCO in 2014, 2019
and 2024), so that staff can follow one issue across UPR cycles and bodies.

Plain text similarity, no model: TF-IDF over character 3-5-grams (which see
"ratification" in "ratify", and survive typos and hyphenation) averaged with TF-IDF
over words and word pairs (which weigh the rare terms: "Paris Principles",
"corporal punishment"), cosine between each new recommendation and each earlier one
of the same State. Before comparing, the wording that says who recommends and how
("CRC urged Slovenia to", "(Croatia);") is taken off: it says nothing about the
issue and would pair every recommendation of one body.

The threshold was set on pairs labelled by hand from the shared Slovenian documents
(a UN compilation and a UPR Working Group report of the same cycle);
``bench/recommendations.py`` prints the precision of the suggestions on those labels.
A suggestion is only that: staff accept or reject each link.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

THRESHOLD = 0.40  # at and above: suggested (docs/visits.md gives the measured precision)
PER_RECOMMENDATION = 3  # the closest few are enough to find the thread

# "(Croatia);" or "(Iran (Islamic Republic of));" at the end of a UPR recommendation.
_RECOMMENDING_STATES = re.compile(r"\((?:[^()]|\([^()]*\))*\)\s*[;.]?\s*$")
# "CRC urged Slovenia to", "It also recommended that the State party", "UNESCO strongly
# encouraged the Government to": a body's words before the action itself.
_LEAD_IN = re.compile(
    r"^.{0,160}?\b(?:[Rr]ecommend(?:ed|s)?|[Uu]rge[ds]?|[Ee]ncourage[ds]?|"
    r"[Cc]all(?:ed|s)? (?:up)?on|[Ii]nvite[ds]?|[Rr]equest(?:ed|s)?|should)\b"
    r"(?:\s+(?:that|also|further|inter alia,?))*"
    r"(?:\s+(?:the\s+)?(?:State party|Government|country|authorities|[A-Z][a-z]+))?"
    r"(?:\s+(?:to|should))?[\s:]+"
)


def issue_text(text: str) -> str:
    """A recommendation's text without who recommends it: the issue alone."""
    text = _RECOMMENDING_STATES.sub("", text.strip())
    text = _LEAD_IN.sub("", text, count=1)
    return text.lower()


@dataclass(frozen=True)
class Pair:
    new: int  # index in the new recommendations
    earlier: int  # index in the earlier ones
    similarity: float


def similar_pairs(
    new: Sequence[str],
    earlier: Sequence[str],
    *,
    threshold: float = THRESHOLD,
    per_recommendation: int = PER_RECOMMENDATION,
) -> list[Pair]:
    """For each new text, the earlier texts at least ``threshold`` similar, the
    closest first, at most ``per_recommendation`` of them."""
    if not new or not earlier:
        return []
    texts = [issue_text(t) for t in (*new, *earlier)]
    letters = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
    words = TfidfVectorizer(
        analyzer="word", ngram_range=(1, 2), sublinear_tf=True, stop_words="english"
    )
    try:
        by_letters, by_words = letters.fit_transform(texts), words.fit_transform(texts)
    except ValueError:  # nothing but stop words or blanks: nothing to compare on
        return []
    scores = (
        cosine_similarity(by_letters[: len(new)], by_letters[len(new) :])
        + cosine_similarity(by_words[: len(new)], by_words[len(new) :])
    ) / 2
    pairs = []
    for i, row in enumerate(scores):
        closest = sorted(range(len(earlier)), key=lambda j: -row[j])[:per_recommendation]
        pairs += [Pair(i, j, round(float(row[j]), 3)) for j in closest if row[j] >= threshold]
    return pairs
