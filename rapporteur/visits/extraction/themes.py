"""Theme classifier: the 54 UPR Info issues as labels.

Method (see docs/visits-extraction.md):
1. word (1-2) + character (2-5, word-bounded) n-gram TF-IDF;
2. one linear SVM per label, with a per-label decision threshold tuned on
   later sessions held out from the training sessions (never a random split:
   near-identical recommendations recur across States and cycles);
3. labels that the annotators use alone ("General", "Other": alone in 98% of their
   rows) are found in the training data and, at prediction, give way when a
   specific label is also predicted;
4. optional (off by default: it did not help on sessions 11-13, see the docs)
   nearest-neighbour label transfer: a recommendation that is a near-duplicate
   of a training one (cosine >= ``NEIGHBOUR_MIN``) takes that one's labels,
   because the same text recurs in later cycles with the same issues.
Every prediction carries a confidence and the name of the model part that made it.

The model is saved as one ``.npz`` (arrays) plus one ``.json`` (vocabularies and
settings): no pickle, so loading a model never executes code.
"""

from __future__ import annotations

import csv
import json
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from scipy import sparse

if TYPE_CHECKING:
    from sklearn.feature_extraction.text import TfidfVectorizer

CSV_FILES = ("sessions-01-05.csv", "sessions-06-09.csv", "sessions-10-13.csv")
MODEL_VERSION = "themes-svm-knn-3"
NEIGHBOUR_MIN = 0.8  # cosine above which a training text counts as the same recommendation
EXCLUSIVE_MIN = 0.95  # share of its rows in which a label stands alone to count as exclusive
DEFAULT_MODEL = Path("var") / "models" / "themes"


def shared_data_dir() -> Path:
    """The shared data folder, ../shared/data beside the repository (the Django side
    passes ``settings.VISITS_SHARED_DIR / "data"`` instead); ``$RAPPORTEUR_SHARED_DATA``
    names another one (a checkout that does not sit beside the shared folder)."""
    override = os.environ.get("RAPPORTEUR_SHARED_DATA")
    if override:
        return Path(override)
    return Path(__file__).resolve().parents[3].parent / "shared" / "data"


@dataclass
class Row:
    text: str
    labels: list[str]
    session: int


def load_upr_rows(data_dir: Path | None = None) -> list[Row]:
    """Read the UPR Info export (Mac Roman, ``\\r`` line ends) into rows."""
    folder = Path(data_dir or shared_data_dir()) / "upr-info"
    rows = []
    for name in CSV_FILES:
        with open(folder / name, newline="", encoding="mac_roman") as fh:
            for rec in csv.DictReader(fh):
                labels = [x.strip() for x in rec["Issue"].split(",") if x.strip()]
                if rec["Text"].strip() and labels and rec["Session"].isdigit():
                    rows.append(Row(rec["Text"].strip(), labels, int(rec["Session"])))
    return rows


_LEAD_TO = re.compile(r"^\s*to\s+[A-Z][\w'\u2019 -]{1,60}?\s+to\s+", re.UNICODE)


# A public defender is a legal-aid lawyer or an ombudsman institution, not a human
# rights defender: one token keeps "defender" from voting for the HRD theme.
_PUBLIC_DEFENDER = re.compile(r"\bpublic defender")


def normalise(text: str) -> str:
    """Lower-case, drop an 'To <State> to' lead-in that UPR Info sometimes keeps."""
    text = re.sub(r"\s+", " ", _LEAD_TO.sub("", text).lower()).strip()
    return _PUBLIC_DEFENDER.sub("publicdefender", text)


def _vectorizers() -> tuple[TfidfVectorizer, TfidfVectorizer]:
    # scikit-learn (and the parts of SciPy it pulls in) is imported when a model is
    # first loaded or trained, not with this module: every web worker and command
    # imports the URL conf, and most never classify anything.
    from sklearn.feature_extraction.text import TfidfVectorizer

    word = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True, dtype=np.float32)
    char = TfidfVectorizer(
        analyzer="char_wb",
        ngram_range=(2, 5),
        min_df=3,
        sublinear_tf=True,
        max_features=150_000,
        dtype=np.float32,
    )
    return word, char


def _features(
    word: TfidfVectorizer, char: TfidfVectorizer, texts: list[str]
) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
    w = word.transform(texts)
    return w, sparse.hstack([w, char.transform(texts)], format="csr")


@dataclass
class ThemeModel:
    labels: list[str]
    word: TfidfVectorizer
    char: TfidfVectorizer
    coef: np.ndarray  # (labels, features)
    intercept: np.ndarray
    thresholds: np.ndarray  # per-label decision threshold on the SVM margin
    memory: sparse.csr_matrix | None = None  # word TF-IDF of training texts
    memory_labels: sparse.csr_matrix | None = None  # their label indicator rows
    info: dict = field(default_factory=dict)
    exclusive: list[int] = field(default_factory=list)  # labels the annotators use alone

    # ---- prediction -------------------------------------------------------
    def decision(self, texts: list[str]) -> tuple[sparse.csr_matrix, np.ndarray]:
        norm = [normalise(t) for t in texts]
        w, x = _features(self.word, self.char, norm)
        return w, np.asarray(x @ self.coef.T) + self.intercept

    def predict(self, texts: list[str], use_neighbours: bool = True) -> list[list[dict]]:
        """For each text, a list of {label, confidence, source} sorted by confidence."""
        if not texts:
            return []
        w, margins = self.decision(texts)
        out = [self._from_margins(row) for row in margins]
        if use_neighbours and self.memory is not None:
            sims = (w @ self.memory.T).tocsr()
            for i in range(len(texts)):
                row = sims.getrow(i)
                if row.nnz and row.data.max() >= NEIGHBOUR_MIN:
                    j = row.indices[row.data.argmax()]
                    out[i] = self._from_neighbour(j, float(row.data.max()), margins[i])
        return out

    def _from_margins(self, m: np.ndarray) -> list[dict]:
        picked = np.flatnonzero(m >= self.thresholds)
        if picked.size == 0:  # every UPR recommendation has at least one issue
            picked = np.array([int(np.argmax(m - self.thresholds))])
        specific = [k for k in picked if k not in self.exclusive]
        if specific:  # "General" or "Other" beside a specific issue: the specific one wins
            picked = np.array(specific)
        elif picked.size > 1:  # two catch-alls: the stronger one
            picked = np.array([picked[int(np.argmax(m[picked] - self.thresholds[picked]))]])
        return sorted(
            (
                {
                    "label": self.labels[k],
                    "confidence": _confidence(m[k] - self.thresholds[k]),
                    "source": MODEL_VERSION + ":svm",
                }
                for k in picked
            ),
            key=lambda d: -d["confidence"],
        )

    def _from_neighbour(self, j: int, sim: float, m: np.ndarray) -> list[dict]:
        if self.memory_labels is None:  # saved together with memory; never apart
            return []
        ks = self.memory_labels.getrow(j).indices
        return sorted(
            (
                {
                    "label": self.labels[k],
                    "confidence": round(sim, 3),
                    "source": MODEL_VERSION + ":neighbour",
                }
                for k in ks
            ),
            key=lambda d: d["label"],
        )

    # ---- persistence ------------------------------------------------------
    def save(self, stem: Path) -> tuple[Path, Path]:
        stem = Path(stem)
        stem.parent.mkdir(parents=True, exist_ok=True)
        arrays = {
            "coef": self.coef.astype(np.float32),
            "intercept": self.intercept,
            "thresholds": self.thresholds,
            "word_idf": self.word.idf_,
            "char_idf": self.char.idf_,
        }
        if self.memory is not None and self.memory_labels is not None:
            for name, mat in (("mem", self.memory), ("memlab", self.memory_labels)):
                arrays.update(
                    {
                        f"{name}_data": mat.data,
                        f"{name}_indices": mat.indices,
                        f"{name}_indptr": mat.indptr,
                        f"{name}_shape": np.array(mat.shape),
                    }
                )
        npz = stem.with_suffix(".npz")
        np.savez_compressed(npz, **arrays)
        meta = {
            "version": MODEL_VERSION,
            "labels": self.labels,
            "exclusive": self.exclusive,
            "info": self.info,
            "word_vocab": {k: int(v) for k, v in self.word.vocabulary_.items()},
            "char_vocab": {k: int(v) for k, v in self.char.vocabulary_.items()},
        }
        js = stem.with_suffix(".json")
        js.write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        return npz, js

    @classmethod
    def load(cls, stem: Path) -> ThemeModel:
        stem = Path(stem)
        meta = json.loads(stem.with_suffix(".json").read_text(encoding="utf-8"))
        arr = np.load(stem.with_suffix(".npz"), allow_pickle=False)
        word, char = _vectorizers()
        for vec, key in ((word, "word"), (char, "char")):
            vec.vocabulary_ = meta[f"{key}_vocab"]
            vec.idf_ = arr[f"{key}_idf"]
        mem = memlab = None
        if "mem_data" in arr:
            mem, memlab = (
                sparse.csr_matrix(
                    (arr[f"{n}_data"], arr[f"{n}_indices"], arr[f"{n}_indptr"]),
                    shape=tuple(arr[f"{n}_shape"]),
                )
                for n in ("mem", "memlab")
            )
        return cls(
            meta["labels"],
            word,
            char,
            arr["coef"],
            arr["intercept"],
            arr["thresholds"],
            mem,
            memlab,
            meta.get("info", {}),
            meta.get("exclusive", []),
        )


def _confidence(margin_over_threshold: float) -> float:
    """Map a margin to (0, 1); 0.5 sits exactly on the tuned threshold."""
    return round(float(1.0 / (1.0 + np.exp(-2.0 * margin_over_threshold))), 3)


def _indicator(rows: list[Row], labels: list[str]) -> np.ndarray:
    index = {lab: i for i, lab in enumerate(labels)}
    y = np.zeros((len(rows), len(labels)), dtype=np.int8)
    for i, r in enumerate(rows):
        for lab in r.labels:
            if lab in index:
                y[i, index[lab]] = 1
    return y


def exclusive_labels(y: np.ndarray) -> list[int]:
    """Labels that stand alone in at least ``EXCLUSIVE_MIN`` of the rows that carry them."""
    alone = y.sum(axis=1) == 1
    return [
        k
        for k in range(y.shape[1])
        if y[:, k].sum() >= 10 and alone[y[:, k] == 1].mean() >= EXCLUSIVE_MIN
    ]


def _fit_linear(
    x: sparse.csr_matrix, y: np.ndarray, c: float = 0.5
) -> tuple[np.ndarray, np.ndarray]:
    from sklearn.svm import LinearSVC  # see _vectorizers

    coef = np.zeros((y.shape[1], x.shape[1]), dtype=np.float32)
    intercept = np.full(y.shape[1], -1.0)
    for k in range(y.shape[1]):
        if 0 < y[:, k].sum() < len(y):  # a label never (or always) seen stays off
            svm = LinearSVC(C=c, class_weight={0: 1.0, 1: 2.0}, random_state=0).fit(x, y[:, k])
            coef[k], intercept[k] = svm.coef_[0], svm.intercept_[0]
    return coef, intercept


def _tune_thresholds(margins: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Per label, the margin threshold maximising F1 on held-out sessions."""
    grid = np.arange(-1.0, 1.01, 0.1)
    out = np.zeros(y.shape[1])
    for k in range(y.shape[1]):
        if y[:, k].sum() == 0:
            continue
        f1s = [_f1(margins[:, k] >= t, y[:, k] == 1) for t in grid]
        # shrink towards 0: a small held-out set over-fits extreme thresholds
        out[k] = 0.5 * grid[int(np.argmax(f1s))]
    return out


def _f1(pred: np.ndarray, gold: np.ndarray) -> float:
    tp = float(np.sum(pred & gold))
    return 2 * tp / max(1.0, float(pred.sum() + gold.sum()))


def train(rows: list[Row], tune_sessions: int = 2, neighbours: bool = False) -> ThemeModel:
    """Train deterministically; thresholds are tuned on the last ``tune_sessions`` sessions."""
    t0 = time.perf_counter()
    labels = sorted({lab for r in rows for lab in r.labels})
    sessions = sorted({r.session for r in rows})
    thresholds = np.zeros(len(labels))
    if tune_sessions and len(sessions) > tune_sessions:
        cut = sessions[-tune_sessions]
        fit_rows = [r for r in rows if r.session < cut]
        held = [r for r in rows if r.session >= cut]
        inner = _fit(fit_rows, labels, np.zeros(len(labels)), neighbours=False)
        thresholds = _tune_thresholds(
            inner.decision([r.text for r in held])[1], _indicator(held, labels)
        )
    model = _fit(rows, labels, thresholds, neighbours)
    model.info = {
        "trained_on_sessions": sessions,
        "n_rows": len(rows),
        "train_seconds": round(time.perf_counter() - t0, 1),
    }
    return model


def _fit(
    rows: list[Row], labels: list[str], thresholds: np.ndarray, neighbours: bool
) -> ThemeModel:
    word, char = _vectorizers()
    norm = [normalise(r.text) for r in rows]
    word.fit(norm)
    char.fit(norm)
    w, x = _features(word, char, norm)
    y = _indicator(rows, labels)
    coef, intercept = _fit_linear(x, y)
    mem = memlab = None
    if neighbours:
        mem, memlab = w.astype(np.float32), sparse.csr_matrix(y)
    return ThemeModel(
        labels, word, char, coef, intercept, thresholds, mem, memlab, exclusive=exclusive_labels(y)
    )


# The baseline: labels, its vectoriser, and one linear SVM per label.
Baseline = tuple[list[str], "TfidfVectorizer", np.ndarray, np.ndarray]


def train_baseline(rows: list[Row]) -> Baseline:
    """Plain TF-IDF (words) + one logistic-free linear SVM per label, threshold 0."""
    from sklearn.feature_extraction.text import TfidfVectorizer  # see _vectorizers

    labels = sorted({lab for r in rows for lab in r.labels})
    vec = TfidfVectorizer(dtype=np.float32)
    x = vec.fit_transform([r.text for r in rows])
    coef, intercept = _fit_linear(x, _indicator(rows, labels), c=1.0)
    return labels, vec, coef, intercept


def predict_baseline(baseline: Baseline, texts: list[str]) -> list[list[str]]:
    labels, vec, coef, intercept = baseline
    m = np.asarray(vec.transform(texts) @ coef.T) + intercept
    return [[labels[k] for k in np.flatnonzero(row >= 0)] for row in m]


def scores(gold: list[list[str]], pred: list[list[str]], labels: list[str]) -> dict:
    """Micro-F1, macro-F1 over labels present in gold or predictions, and per-label F1."""
    per = {}
    tp_all = fp_all = fn_all = 0
    for lab in labels:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if lab in g and lab in p)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if lab not in g and lab in p)
        fn = sum(1 for g, p in zip(gold, pred, strict=True) if lab in g and lab not in p)
        tp_all, fp_all, fn_all = tp_all + tp, fp_all + fp, fn_all + fn
        if tp + fp + fn:
            per[lab] = 2 * tp / (2 * tp + fp + fn)
    micro = 2 * tp_all / max(1, 2 * tp_all + fp_all + fn_all)
    return {"micro_f1": micro, "macro_f1": sum(per.values()) / max(1, len(per)), "per_label": per}


def default_model_stem() -> Path:
    """Where ``make themes`` puts the model when nobody says otherwise (the Django
    side passes ``settings.VISITS_THEMES_MODEL`` instead)."""
    return Path(__file__).resolve().parents[3] / DEFAULT_MODEL


_CACHE: dict[str, ThemeModel] = {}


def load_model(stem: Path | None = None) -> ThemeModel | None:
    """The trained model at ``stem``, or None when ``train-themes`` has not been run.

    Cached per path for the life of the process: loading takes ~0.3 s and the file
    changes only when set-up retrains it (a retrained model needs a restart)."""
    stem = Path(stem or default_model_stem())
    if str(stem) not in _CACHE:
        if not stem.with_suffix(".npz").exists():
            return None
        _CACHE[str(stem)] = ThemeModel.load(stem)
    return _CACHE[str(stem)]
