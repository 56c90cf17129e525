"""Fit the default screening weights on the *tune* half of a labelled set; print both halves.

Run from the repo root after ``evaluate`` has screened the set into a team::

    .venv/bin/python manage.py evaluate --team Dev --labels L --job-file J --resumes R
    .venv/bin/python benchmarks/fit_weights.py --team Dev --labels L [--steps 3]

Reads every screened candidate's stored signals and facts (no embedding, no re-parsing),
recomputes the components with the product's own functions, then runs a coordinate ascent
over the component weights and the semantic blend's weights, maximising mean nDCG@10 over
the tune half only (``screening.evaluation.split_of``). Prints the best weights and their
nDCG@10 / P@10 / MAP on the tune and the check half, and the current defaults for
comparison. Deterministic: fixed grids, ties kept at the earlier value.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "screener.settings")

GRID = (0.0, 0.02, 0.05, 0.1, 0.2, 0.35, 0.5, 0.75, 1.0)
BLEND_GRID = (0.0, 0.25, 0.5, 1.0, 1.5)


def main() -> None:
    import django

    django.setup()
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--team", required=True)
    parser.add_argument("--labels", required=True)
    parser.add_argument("--steps", type=int, default=3, help="coordinate-ascent rounds")
    args = parser.parse_args()
    data = load(args.team, args.labels)
    run(data, args.steps)


def load(team_name: str, labels_path: str) -> dict:
    """Per labelled job: file names, grades, raw cosines and the other components."""
    from jobs.models import JobPosting
    from screening.evaluation import load_labels, split_of
    from screening.models import Candidate
    from screening.scoring import COMPONENTS, ResumeFacts, components
    from screening.services import _lexical_scores, job_settings, lexical_query

    labels = load_labels(labels_path)
    jobs = {}
    for ext_id, grades in labels.items():
        job = JobPosting.objects.filter(team__name=team_name, external_id=ext_id).first()
        if job is None:
            continue
        conf = job_settings(job)
        rows = list(
            Candidate.objects.filter(job=job)
            .exclude(status=Candidate.Status.PENDING)
            .values_list("id", "status", "facts", "components", "signals", "resume__source_ref")
        )
        lex = _lexical_scores(rows, lexical_query(job, conf.requirements))
        names, cos, comps = [], [], []
        for cid, status, facts, _comps, signals, ref in rows:
            if status not in (Candidate.Status.SCORED, Candidate.Status.FILTERED):
                continue
            words = frozenset((signals.get("terms") or {}).get("tf", {}))
            values = components(
                ResumeFacts.from_json(facts), conf.requirements, 0.0, lex.get(cid, 0.0), words
            )
            names.append(ref.rsplit("/", 1)[-1])
            cos.append([_nan(signals.get(k)) for k in ("window", "document", "headline")])
            comps.append([_nan(values[k]) for k in COMPONENTS])
        jobs[ext_id] = {
            "split": split_of(ext_id),
            "grades": grades,
            "names": names,
            "cos": np.array(cos, dtype=float),
            "comps": np.array(comps, dtype=float),
        }
    return {"jobs": jobs, "components": COMPONENTS}


def _nan(value: float | None) -> float:
    return np.nan if value is None else float(value)


def semantic(cos: np.ndarray, blend: dict[str, tuple[float, float, float]]) -> np.ndarray:
    """The semantic component from raw cosines, as ``semantic_component`` computes it."""
    total = np.zeros(len(cos))
    weight = np.zeros(len(cos))
    for i, key in enumerate(("window", "document", "headline")):
        w, low, high = blend[key]
        values = cos[:, i]
        known = ~np.isnan(values)
        scaled = np.clip((np.nan_to_num(values) - low) / (high - low), 0, 1)
        total += np.where(known, w * scaled, 0)
        weight += np.where(known, w, 0)
    return np.where(weight > 0, total / np.where(weight > 0, weight, 1), 0)


def scores(job: dict, weights: dict[str, float], blend: dict, keys: tuple[str, ...]) -> np.ndarray:
    """Final scores as ``ranking.final_score`` computes them (unknowns renormalised)."""
    comps = job["comps"].copy()
    comps[:, keys.index("semantic")] = semantic(job["cos"], blend)
    w = np.array([weights[k] for k in keys])
    known = ~np.isnan(comps)
    num = (np.nan_to_num(comps) * w).sum(axis=1)
    den = (known * w).sum(axis=1)
    return np.round(100 * np.where(den > 0, num / np.where(den > 0, den, 1), 0), 2)


def metrics(data: dict, weights: dict, blend: dict, split: str) -> tuple[float, float, float]:
    from screening.evaluation import average_precision, ndcg_at, precision_at

    values = []
    for job in data["jobs"].values():
        if job["split"] != split:
            continue
        s = scores(job, weights, blend, data["components"])
        names = job["names"]
        ranking = [names[i] for i in sorted(range(len(names)), key=lambda i: (-s[i], names[i]))]
        grades = job["grades"]
        values.append(
            (ndcg_at(ranking, grades), precision_at(ranking, grades),
             average_precision(ranking, grades))
        )  # fmt: skip
    return tuple(float(np.mean([v[i] for v in values])) for i in range(3))  # type: ignore[return-value]


def run(data: dict, steps: int) -> None:
    from django.conf import settings

    weights = dict(settings.SCREENING_DEFAULT_WEIGHTS)
    blend = dict(settings.SCREENING_SEMANTIC)
    show("current defaults", data, weights, blend)
    best = metrics(data, weights, blend, "tune")[0]
    for _ in range(steps):
        for key in data["components"]:
            for value in GRID:
                trial = {**weights, key: value}
                if sum(trial.values()) <= 0:
                    continue
                got = metrics(data, trial, blend, "tune")[0]
                if got > best + 1e-9:
                    best, weights = got, trial
        for key in ("window", "document", "headline"):
            for value in BLEND_GRID:
                trial_blend = {**blend, key: (value, *blend[key][1:])}
                if sum(v[0] for v in trial_blend.values()) <= 0:
                    continue
                got = metrics(data, weights, trial_blend, "tune")[0]
                if got > best + 1e-9:
                    best, blend = got, trial_blend
    total = sum(weights.values())
    show("fitted on tune", data, {k: round(v / total, 3) for k, v in weights.items()}, blend)


def show(title: str, data: dict, weights: dict, blend: dict) -> None:
    print(f"\n{title}: weights {weights}\n  semantic blend {blend}")
    for split in ("tune", "check"):
        n, p, m = metrics(data, weights, blend, split)
        count = sum(j["split"] == split for j in data["jobs"].values())
        print(f"  {split:5s} ({count} jobs): nDCG@10 {n:.3f}  P@10 {p:.3f}  MAP {m:.3f}")


if __name__ == "__main__":
    main()
