"""Span-level P/R/F1 of the deterministic extractors on the skill-NER test set.

An OUTSIDE check (Green, Maynard, Lin, LREC 2022; CC BY 4.0): the rules were not tuned to
it. Run from the repo root::

    .venv/bin/python benchmarks/skill_ner_eval.py [--conll PATH] [--show 10]

Method
------
* Each sentence's tokens are joined with single spaces to make its text; gold spans are
  the BIO-tagged Skill and Experience entities, as character offsets into that text.
* Predicted Skill spans: ``screener.lib.skills.find_skills(sentence_text)``.
* Predicted Experience spans: ``screener.lib.requirements.find_years_spans(sentence_text)``.
* Matching rule, per sentence and entity type, one-to-one:
    - exact: a prediction is a true positive when its (start, end) equals a gold span's;
    - partial: a prediction is a true positive when it overlaps (shares at least one
      character with) a not-yet-matched gold span; pairs are taken greedily in text order.
  Precision = TP / predictions, recall = TP / gold spans, F1 = their harmonic mean.

Caveat printed with the results: the corpus's "Skill" covers soft skills and whole
activities ("influence cross functional teams and suppliers"), while our vocabulary names
tools and named professional skills, so recall on Skill is bounded well below 1 by design.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from screener.lib.requirements import find_years_spans  # noqa: E402
from screener.lib.skills import find_skills  # noqa: E402

DEFAULT_CONLL = Path("/work/shared/data/skill-ner/testset.conll")
TYPES = ("Skill", "Experience")

Span = tuple[int, int]


@dataclass
class Sentence:
    """One sentence: its text and gold spans by entity type."""

    text: str
    gold: dict[str, list[Span]] = field(default_factory=dict)


def read_conll(path: Path) -> list[Sentence]:
    """Parse CoNLL (token ... tag per line, blank line between sentences) into sentences."""
    sentences: list[Sentence] = []
    rows: list[tuple[str, str]] = []

    def flush() -> None:
        if not rows:
            return
        text_parts: list[str] = []
        gold: dict[str, list[Span]] = {}
        pos = 0
        current: tuple[str, int, int] | None = None
        for token, tag in rows:
            start = pos
            text_parts.append(token)
            pos += len(token) + 1
            end = start + len(token)
            kind = tag[2:] if tag[:2] in ("B-", "I-") else None
            if current and (tag.startswith("B-") or kind != current[0]):
                gold.setdefault(current[0], []).append((current[1], current[2]))
                current = None
            if kind and current is None:
                current = (kind, start, end)  # an I- without a B- starts a span too
            elif kind and current:
                current = (current[0], current[1], end)
        if current:
            gold.setdefault(current[0], []).append((current[1], current[2]))
        sentences.append(Sentence(" ".join(text_parts), gold))
        rows.clear()

    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if not parts:
            flush()
        elif len(parts) >= 2:
            rows.append((parts[0], parts[-1]))
    flush()
    return sentences


@dataclass
class Score:
    """Counts for one entity type and one matching rule."""

    tp: int = 0
    n_pred: int = 0
    n_gold: int = 0

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / self.n_pred if self.n_pred else 0.0
        r = self.tp / self.n_gold if self.n_gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f


def count_tp(pred: Iterable[Span], gold: list[Span], rule: str) -> int:
    """One-to-one true positives under ``rule`` ("exact" or "partial")."""
    unmatched = list(gold)
    tp = 0
    for ps, pe in sorted(pred):
        for g in unmatched:
            hit = (ps, pe) == g if rule == "exact" else ps < g[1] and g[0] < pe
            if hit:
                unmatched.remove(g)
                tp += 1
                break
    return tp


def evaluate(
    sentences: list[Sentence], predictors: dict[str, Callable[[str], list[Span]]]
) -> tuple[dict[tuple[str, str], Score], list[tuple[str, str, list[str], list[str]]]]:
    """Scores per (type, rule), plus per-sentence disagreements for inspection."""
    scores = {(t, r): Score() for t in predictors for r in ("exact", "partial")}
    misses: list[tuple[str, str, list[str], list[str]]] = []
    for sent in sentences:
        for etype, predict in predictors.items():
            pred = predict(sent.text)
            gold = sent.gold.get(etype, [])
            for rule in ("exact", "partial"):
                s = scores[(etype, rule)]
                s.tp += count_tp(pred, gold, rule)
                s.n_pred += len(pred)
                s.n_gold += len(gold)
            if sorted(pred) != sorted(gold):
                misses.append(
                    (
                        etype,
                        sent.text,
                        [sent.text[a:b] for a, b in gold],
                        [sent.text[a:b] for a, b in pred],
                    )
                )
    return scores, misses


def main(argv: list[str] | None = None) -> int:
    """Print the P/R/F1 table (and optionally some disagreements)."""
    parser = argparse.ArgumentParser(description="skill-NER span evaluation")
    parser.add_argument("--conll", type=Path, default=DEFAULT_CONLL)
    parser.add_argument("--show", type=int, default=0, help="print N disagreements per type")
    args = parser.parse_args(argv)

    sentences = read_conll(args.conll)
    predictors: dict[str, Callable[[str], list[Span]]] = {
        "Skill": lambda text: [(m.start, m.end) for m in find_skills(text)],
        "Experience": lambda text: [(s.start, s.end) for s in find_years_spans(text)],
    }
    scores, misses = evaluate(sentences, predictors)

    print(f"skill-NER test set: {args.conll} ({len(sentences)} sentences)")
    print("matching: one-to-one per sentence; exact = same (start, end) characters;")
    print("          partial = prediction overlaps a gold span by >= 1 character")
    print()
    print(
        f"{'entity':<11} {'rule':<8} {'gold':>5} {'pred':>5} {'TP':>4} {'P':>6} {'R':>6} {'F1':>6}"
    )
    for (etype, rule), s in scores.items():
        p, r, f = s.prf()
        print(
            f"{etype:<11} {rule:<8} {s.n_gold:>5} {s.n_pred:>5} {s.tp:>4} "
            f"{p:>6.3f} {r:>6.3f} {f:>6.3f}"
        )
    print()
    print("note: gold 'Skill' includes soft skills and activity phrases; find_skills only")
    print("      names vocabulary skills, so Skill recall is bounded by design.")
    for etype in TYPES:
        shown = [m for m in misses if m[0] == etype][: args.show]
        for _, text, gold, pred in shown:
            print(f"\n[{etype}] {text}\n  gold: {gold}\n  pred: {pred}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
