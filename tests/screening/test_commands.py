"""The ``screen`` and ``evaluate`` commands (offline, no API key)."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from screening.evaluation import average_precision, load_labels, ndcg_at, precision_at
from screening.models import Candidate, ScreeningBatch
from tests.screening.fakes import DEMO, FAKE_EMBEDDER

FEED = str(DEMO / "jobs" / "remoteok_feed.json")
RESUMES = DEMO / "resumes"
SOME = [
    "01_daniel-okafor_senior-backend-engineer.pdf",
    "02_mei-lin-chen_junior-python-developer.txt",
    "12_kevin-obrien_full-stack-developer.docx",
    "18_maria-santos_registered-nurse-icu.html",
    "33_noah-fischer_computer-science-graduate.docx",
    "34_ava-morgan_scanned-resume.pdf",
]


@pytest.fixture(autouse=True)
def _offline(settings) -> None:
    settings.SCREENING_EMBEDDER = FAKE_EMBEDDER
    settings.GROQ_API_KEY = ""


def _screen(team, *extra: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    paths = [str(RESUMES / name) for name in SOME]
    call_command(
        "screen", "--job-file", FEED, "--resumes", *paths, "--team", team.name, *extra,
        stdout=out, stderr=err,
    )  # fmt: skip
    return out.getvalue(), err.getvalue()


def test_it_screens_files_offline_and_writes_json(team, tmp_path) -> None:
    target = tmp_path / "ranking.json"
    out, err = _screen(team, "--json", str(target))
    rows = json.loads(target.read_text())
    assert [r["rank"] for r in rows] == list(range(1, len(SOME) + 1))
    assert rows[0]["resume"] == "01_daniel-okafor_senior-backend-engineer.pdf"
    assert set(rows[0]) == {"resume", "rank", "score", "passed_prefilter", "reasons", "explanation"}
    assert rows[0]["passed_prefilter"] is True and "Must-haves matched" in rows[0]["explanation"]
    last = rows[-1]
    assert last["resume"] == "34_ava-morgan_scanned-resume.pdf" and last["score"] is None
    assert "text" in last["reasons"][0].lower()
    nurse = next(r for r in rows if r["resume"].startswith("18_"))
    # must-haves read from the ad are evidence, not a filter: the nurse is ranked, low
    assert nurse["passed_prefilter"] is True and nurse["reasons"] == []
    assert nurse["rank"] > rows[0]["rank"] and "missing" in nurse["explanation"]
    assert "Ranking for Senior Backend Engineer" in out and "screen:" in err
    graduate = Candidate.objects.get(resume__source_ref__startswith="33_")
    assert "parsed_partially" in [f["code"] for f in graduate.flags]


def test_it_reuses_rows_when_run_again(team) -> None:
    _screen(team)
    first = list(Candidate.objects.order_by("id").values_list("id", "rank", "score"))
    out, _ = _screen(team, "--top", "2")
    assert list(Candidate.objects.order_by("id").values_list("id", "rank", "score")) == first
    assert ScreeningBatch.objects.count() == 2
    assert "01_daniel-okafor" in out and "18_maria" not in out


def test_it_refuses_an_unknown_job_and_creates_nothing(team) -> None:
    with pytest.raises(CommandError, match="no job with id '999'"):
        _screen(team, "--external-id", "999")
    with pytest.raises(CommandError, match="no job 'nope'"):
        call_command("screen", "--job", "nope", "--resumes", str(RESUMES), "--team", team.name)
    assert not ScreeningBatch.objects.exists() and not Candidate.objects.exists()


def test_it_evaluates_against_labels(team, tmp_path) -> None:
    labels = {"format": "graded relevance 0-3", "jobs": {"1128401": {n: 0 for n in SOME}}}
    labels["jobs"]["1128401"]["01_daniel-okafor_senior-backend-engineer.pdf"] = 3
    labels["jobs"]["1128401"]["12_kevin-obrien_full-stack-developer.docx"] = 2
    path = tmp_path / "labels.json"
    path.write_text(json.dumps(labels))
    out, target = io.StringIO(), tmp_path / "metrics.json"
    paths = [str(RESUMES / name) for name in SOME]
    call_command(
        "evaluate", "--labels", str(path), "--job-file", FEED, "--resumes", *paths,
        "--team", team.name, "--json", str(target), stdout=out, stderr=io.StringIO(),
    )  # fmt: skip
    metrics = json.loads(target.read_text())
    assert metrics["mean"]["ndcg@10"] > 0.9 and "1128401" in metrics["jobs"]
    assert "nDCG@10" in out.getvalue()

    call_command(
        "evaluate", "--labels", str(path), "--team", team.name, "--baselines",
        "--json", str(target), stdout=io.StringIO(), stderr=io.StringIO(),
    )  # fmt: skip
    by_job = json.loads(target.read_text())["methods_by_job"]
    assert set(by_job) == {"ours", "tfidf", "bm25", "embedding"}
    assert all(set(jobs) == {"1128401"} for jobs in by_job.values())
    assert by_job["ours"]["1128401"] == json.loads(target.read_text())["jobs"]["1128401"]
    assert all(0 <= jobs["1128401"]["ndcg@10"] <= 1 for jobs in by_job.values())


def test_it_refuses_a_malformed_labels_file(team, tmp_path) -> None:
    path = tmp_path / "labels.json"
    path.write_text(json.dumps({"jobs": {"1": {"a.pdf": 7}}}))
    with pytest.raises(CommandError, match="grade must be an integer 0-3"):
        call_command("evaluate", "--labels", str(path), "--team", team.name)


def test_metrics_match_hand_computed_values() -> None:
    grades = {"a": 3, "b": 2, "c": 0, "d": 1}
    assert ndcg_at(["a", "b", "d", "c"], grades) == pytest.approx(1.0)
    assert ndcg_at(["c", "a"], grades) < 1.0
    assert precision_at(["a", "c", "b"], grades, k=2) == 0.5
    assert average_precision(["c", "a", "b"], grades) == pytest.approx((1 / 2 + 2 / 3) / 2)


def test_it_loads_the_demo_labels() -> None:
    labels = load_labels(DEMO / "labels.json")
    assert len(labels) == 20 and all(len(g) == 34 for g in labels.values())
