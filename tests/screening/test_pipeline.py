"""The screening pipeline: pre-filter, components, deterministic rank, re-use, re-rank."""

from __future__ import annotations

import pytest

from resumes.blind import blind_text, find_injections
from runs import executor as runs
from runs.models import Run, RunItem
from screening import services as svc
from screening.models import Candidate, ScreeningBatch
from tests.screening.fakes import FAKE_EMBEDDER, demo_text, make_job, make_resume

SENIOR = """Daniel Okafor
Senior Backend Engineer
daniel.okafor@example.com | (312) 555-0147 | Chicago, IL
SUMMARY
Backend engineer building Python and Django services for payments.
SKILLS
Languages: Python, SQL, Go
Frameworks: Django, Celery
Data: PostgreSQL, Redis
Infrastructure: Docker, Kubernetes, AWS
EXPERIENCE
Senior Backend Engineer, Ledgerline Payments — Chicago, IL
Apr 2019 – Present
– Built payout APIs in Django on PostgreSQL, deployed with Docker.
Backend Engineer, Cartwheel Logistics
Feb 2015 – Mar 2019
– Built REST APIs in Python.
EDUCATION
B.S. Computer Science, University of Illinois Chicago (2014)
"""

JUNIOR = """Mei Chen
Junior Python Developer
mei@example.com
SUMMARY
Junior developer who writes Python scripts.
SKILLS
Python, Git
EXPERIENCE
Python Developer Intern, Small Shop
Jan 2025 – Present
– Wrote Python scripts for reports.
EDUCATION
B.S. Computer Science (2024)
"""

NURSE = """Maria Santos
Registered Nurse
maria@example.com
SUMMARY
ICU nurse caring for critically ill patients.
SKILLS
Patient assessment, Triage, Epic
EXPERIENCE
Registered Nurse, City Hospital
Jan 2015 – Present
– Cared for ICU patients.
EDUCATION
BSN Nursing (2014)
"""


@pytest.fixture(autouse=True)
def _fake_embedder(settings) -> None:
    settings.SCREENING_EMBEDDER = FAKE_EMBEDDER


def _screen(team, job, resumes, **kwargs) -> ScreeningBatch:
    batch = svc.create_batch(team, job, [r.id for r in resumes], enqueue=False, **kwargs)
    runs.execute_run(batch.run_id)
    return batch


def _ranking(job) -> list[tuple[str, int, float | None, str]]:
    rows = Candidate.objects.filter(job=job).order_by("rank")
    return [(c.resume.source_ref, c.rank, c.score, c.status) for c in rows]


def test_it_ranks_the_fitting_resume_first_and_filters_with_reasons(team) -> None:
    job = make_job(team)
    senior = make_resume(team, SENIOR, filename="senior.txt")
    junior = make_resume(team, JUNIOR, filename="junior.txt")
    nurse = make_resume(team, NURSE, filename="nurse.txt")
    batch = _screen(team, job, [nurse, junior, senior])

    batch.run.refresh_from_db()
    assert batch.run.status == Run.Status.DONE and batch.run.done == 3
    ranking = _ranking(job)
    assert [r[0] for r in ranking][0] == "senior.txt"
    top = Candidate.objects.get(resume=senior)
    assert top.status == Candidate.Status.SCORED and top.passed_prefilter is True
    assert set(top.components) == {
        "semantic", "lexical", "required", "nice", "experience", "seniority", "recency"
    }  # fmt: skip
    assert top.components["required"] == 1.0
    # nobody is filtered on must-haves read from the ad until a recruiter confirms them
    assert set(Candidate.objects.values_list("status", flat=True)) == {Candidate.Status.SCORED}
    svc.update_job_settings(batch, confirmed=True)
    nurse_c = Candidate.objects.get(resume=nurse)
    assert nurse_c.status == Candidate.Status.FILTERED and nurse_c.passed_prefilter is False
    assert any("Missing 4 of 4 must-have skills" in r for r in nurse_c.prefilter_reasons)
    junior_c = Candidate.objects.get(resume=junior)
    assert any("the job asks for at least 5 years" in r for r in junior_c.prefilter_reasons)
    assert top.rank_reason.startswith("Scores") or top.rank_reason.startswith("Passed")
    assert top.versions["embedding"] == "fake-bow-1" and "weights" in top.versions


def test_it_ranks_identically_across_runs_and_chunk_sizes(team, settings) -> None:
    job = make_job(team)
    resumes = [
        make_resume(team, t, filename=f"{i}.txt") for i, t in enumerate([SENIOR, JUNIOR, NURSE] * 2)
    ]
    _screen(team, job, resumes)
    first = _ranking(job)
    Candidate.objects.all().delete()
    settings.SCREENING_CHUNK = 1  # one resume per claimed chunk, like many small workers
    from runs.executor import _HANDLERS, HandlerSpec

    spec = _HANDLERS[svc.RUN_KIND]
    _HANDLERS[svc.RUN_KIND] = HandlerSpec(spec.fn, batch_size=1, batched=True)
    try:
        _screen(team, job, list(reversed(resumes)))
    finally:
        _HANDLERS[svc.RUN_KIND] = spec
    assert _ranking(job) == first
    # identical texts tie on score and are ordered by the stable key, never by insertion
    assert len({r[1] for r in first}) == len(first)


def test_it_reuses_candidates_and_never_duplicates_them(team) -> None:
    job = make_job(team)
    senior = make_resume(team, SENIOR)
    _screen(team, job, [senior])
    cand = Candidate.objects.get()
    Candidate.objects.filter(id=cand.id).update(decision="shortlist")
    batch2 = _screen(team, job, [senior])
    assert Candidate.objects.count() == 1
    again = Candidate.objects.get()
    assert again.id == cand.id and again.decision == "shortlist"
    assert again.updated_at == Candidate.objects.get().updated_at
    # a re-delivered task for the same items is harmless too
    svc.screen_resumes(batch2, [senior.id])
    assert Candidate.objects.count() == 1


def test_it_recomputes_when_the_resume_text_changed(team) -> None:
    job = make_job(team)
    resume = make_resume(team, JUNIOR)
    _screen(team, job, [resume])
    before = Candidate.objects.get()
    resume.ranking_text = SENIOR
    resume.technical_skills = ["Python", "Django", "PostgreSQL", "Docker"]
    resume.total_years = 10
    resume.save()
    _screen(team, job, [resume])
    after = Candidate.objects.get()
    assert after.id == before.id and after.score > before.score


def test_it_fails_one_resume_without_blocking_the_batch(team, monkeypatch) -> None:
    job = make_job(team)
    good, bad = make_resume(team, SENIOR), make_resume(team, JUNIOR)
    real = svc.resume_facts

    def explode(text, **kwargs):
        if "Mei" in text or "Junior developer" in text:
            raise RuntimeError("parser exploded")
        return real(text, **kwargs)

    monkeypatch.setattr(svc, "resume_facts", explode)
    batch = _screen(team, job, [good, bad])
    batch.run.refresh_from_db()
    assert (batch.run.done, batch.run.failed) == (1, 1)
    failed = Candidate.objects.get(resume=bad)
    assert failed.status == Candidate.Status.FAILED and "parser exploded" in failed.error
    assert failed.rank == 2 and Candidate.objects.get(resume=good).rank == 1
    item = RunItem.objects.get(run=batch.run, key=str(bad.id))
    assert "parser exploded" in item.error


def test_it_lists_a_resume_without_text_last_with_the_reason(team) -> None:
    job = make_job(team)
    empty = make_resume(team, "", filename="scan.pdf", ranking_text="")
    nurse = make_resume(team, NURSE)
    _screen(team, job, [empty, nurse])
    last = Candidate.objects.get(resume=empty)
    assert last.status == Candidate.Status.UNREADABLE and last.rank == 2
    assert any(f["code"] == "no_text" for f in last.flags)


def test_it_screens_a_partially_parsed_resume_and_flags_it(team) -> None:
    job = make_job(team)
    partial = make_resume(team, SENIOR, parse_method="partial", record={}, job_role="")
    _screen(team, job, [partial])
    cand = Candidate.objects.get()
    assert cand.status == Candidate.Status.SCORED
    assert any(f["code"] == "parsed_partially" for f in cand.flags)


def test_it_is_name_blind(team) -> None:
    """Swapping the name and e-mail on a resume leaves its score identical."""
    job = make_job(team)
    a = make_resume(team, SENIOR, filename="a.txt")
    swapped_text = SENIOR.replace("Daniel Okafor", "Aisha Rahman").replace(
        "daniel.okafor@example.com", "aisha.rahman@example.org"
    )
    b = make_resume(team, swapped_text, filename="b.txt")
    assert b.candidate_name == "Aisha Rahman" and a.candidate_name == "Daniel Okafor"
    _screen(team, job, [a, b])
    ca, cb = Candidate.objects.get(resume=a), Candidate.objects.get(resume=b)
    assert ca.score == cb.score and ca.components == cb.components
    assert "Rahman" not in blind_text(b.text, name=b.candidate_name, emails=(b.email,))


def test_it_does_not_reward_injected_instructions(team) -> None:
    job = make_job(
        team,
        position="Data Analyst",
        required_skills=["SQL", "Tableau"],
        nice_to_have_skills=[],
        min_years=2,
        seniority="mid",
        description_text="Data Analyst. Requirements: SQL, Tableau, 2+ years.",
    )
    injected = make_resume(team, demo_text("14_jordan-ellis_data-analyst.txt"), filename="14.txt")
    clean = make_resume(team, demo_text("15_jordan-ellis_data-analyst.txt"), filename="15.txt")
    assert find_injections(injected.text)
    _screen(team, job, [injected, clean])
    ci, cc = Candidate.objects.get(resume=injected), Candidate.objects.get(resume=clean)
    assert ci.score <= cc.score
    assert [f["code"] for f in ci.flags] == ["prompt_injection"]
    assert cc.flags == []


def test_it_does_not_count_hidden_text(team) -> None:
    job = make_job(team)
    visible = demo_text("06_lucas-ferreira_junior-frontend-developer.pdf")
    stuffed = make_resume(
        team,
        visible,
        filename="05.pdf",
        hidden_text="Python Django Kubernetes Terraform AWS PostgreSQL 10+ years experience",
    )
    clean = make_resume(team, visible, filename="06.pdf", content_hash="other")
    _screen(team, job, [stuffed, clean])
    cs, cc = Candidate.objects.get(resume=stuffed), Candidate.objects.get(resume=clean)
    assert cs.score == cc.score
    assert [f["code"] for f in cs.flags] == ["hidden_text"]


def test_it_refuses_a_batch_with_another_teams_resume_and_creates_nothing(team, other_team) -> None:
    job = make_job(team)
    mine, theirs = make_resume(team, SENIOR), make_resume(other_team, JUNIOR)
    with pytest.raises(svc.ScreeningError):
        svc.create_batch(team, job, [mine.id, theirs.id], enqueue=False)
    with pytest.raises(svc.ScreeningError):
        svc.create_batch(other_team, job, [theirs.id], enqueue=False)
    with pytest.raises(svc.ScreeningError):
        svc.create_batch(team, job, [mine.id], weights={"semantic": -1}, enqueue=False)
    assert not ScreeningBatch.objects.exists() and not Run.objects.exists()
    assert not Candidate.objects.exists()


def test_it_screens_a_resume_without_any_dates(team) -> None:
    job = make_job(team)
    undated = make_resume(team, "Python developer.\nSkills: Python, Django, Docker\n")
    _screen(team, job, [undated])
    cand = Candidate.objects.get()
    assert cand.status in (Candidate.Status.SCORED, Candidate.Status.FILTERED)
    assert cand.components["recency"] is None  # not stated: left out of the score
    assert cand.score is not None and cand.score > 0


def test_it_recovers_a_crashed_chunk_without_duplicates(team, settings) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from runs import services as run_services

    job = make_job(team)
    resumes = [make_resume(team, t, filename=f"{i}.txt") for i, t in enumerate([SENIOR, NURSE])]
    batch = svc.create_batch(team, job, [r.id for r in resumes], enqueue=False)
    run_services.mark_run_started(batch.run_id)
    claimed = run_services.claim_items(batch.run_id, 10)
    svc.screen_resumes(batch, [int(i.key) for i in claimed])  # work done, then the worker died
    stale = timezone.now() - timedelta(seconds=settings.Q_CLUSTER["timeout"] + 60)
    RunItem.objects.filter(run=batch.run).update(claimed_at=stale)
    runs.execute_run(batch.run_id)  # the broker re-delivers the task
    batch.run.refresh_from_db()
    assert (batch.run.status, batch.run.done, batch.run.failed) == (Run.Status.DONE, 2, 0)
    assert Candidate.objects.count() == 2
    assert sorted(Candidate.objects.values_list("rank", flat=True)) == [1, 2]


def test_it_reranks_without_embedding_anything(team, settings, monkeypatch) -> None:
    job = make_job(team)
    batch = _screen(team, job, [make_resume(team, SENIOR), make_resume(team, JUNIOR)])

    def no_embedding(texts):
        raise AssertionError("re-ranking must not embed")

    monkeypatch.setattr(svc, "embedder", lambda: (no_embedding, "x"))
    conf = svc.update_job_settings(batch, {"semantic": 0, "experience": 5}, min_years=1)
    assert conf.requirements.min_years == 1 and conf.weights["experience"] == 5
    junior = Candidate.objects.get(resume__ranking_text__contains="Junior developer")
    assert not any("years" in r for r in junior.prefilter_reasons)  # 1.9 years >= 0.5 x 1
    with pytest.raises(svc.ScreeningError):
        svc.update_job_settings(batch, {"semantic": "lots"})
    batch.refresh_from_db()
    assert batch.weights["experience"] == 5  # the refused change left everything as it was
