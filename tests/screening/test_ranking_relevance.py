"""Hybrid relevance: lexical BM25, unknown facts left out, soft vs confirmed must-haves."""

from __future__ import annotations

import random

import pytest

from runs import executor as runs
from screener.lib import lexical
from screening import ranking
from screening import services as svc
from screening.explain import build_explanation
from screening.models import Candidate
from screening.scoring import Requirements, ResumeFacts, components, has_skill, prefilter
from tests.screening.fakes import FAKE_EMBEDDER, make_job, make_resume

RULES = {"min_required_coverage": 0.5, "min_years_ratio": 0.5}
WEIGHTS = {"semantic": 0.5, "lexical": 0.2, "required": 0.1, "nice": 0.05, "experience": 0.1,
           "seniority": 0.03, "recency": 0.02}  # fmt: skip


# --- unknown facts ------------------------------------------------------------------------


def test_it_leaves_an_unknown_component_out_and_renormalises_the_rest() -> None:
    known = {"semantic": 0.8, "lexical": 0.6}
    with_unknowns = {**known, "experience": None, "seniority": None}
    expected = 100 * (0.5 * 0.8 + 0.2 * 0.6) / (0.5 + 0.2)
    weights = {k: WEIGHTS[k] for k in ("semantic", "lexical", "experience", "seniority")}
    assert ranking.final_score(with_unknowns, weights) == pytest.approx(expected, abs=0.01)
    # an unknown never counts as a 0: the same candidate with experience 0 scores lower
    assert ranking.final_score({**with_unknowns, "experience": 0.0}, weights) < expected


def test_it_marks_unstated_years_seniority_and_recency_as_unknown() -> None:
    facts = ResumeFacts(skills=["Python"])  # no dates, no title, no years
    req = Requirements.build("Senior Python Developer", ["Python"], [], 5, "senior")
    comps = components(facts, req, 0.7, 0.4)
    assert comps["experience"] is None and comps["seniority"] is None
    assert comps["recency"] is None
    assert comps["required"] == 1.0 and comps["nice"] is None  # the job asks no nice-to-have
    text = build_explanation(facts, req).as_text()
    assert "not stated" in text


def test_it_explains_an_unknown_component_instead_of_a_negative_gain() -> None:
    weights = {"semantic": 1.0, "experience": 1.0}
    above = ranking.RankRow(1, 0, 0.0, "a", {"semantic": 0.9, "experience": None}, [])
    below = ranking.RankRow(2, 0, 0.0, "b", {"semantic": 0.5, "experience": 0.5}, [])
    above.score = ranking.final_score(above.components, weights)
    below.score = ranking.final_score(below.components, weights)
    ranked = ranking.rank_rows([below, above], weights)
    assert [r.id for r in ranked] == [1, 2]
    assert "semantic similarity" in ranked[0].reason


# --- soft vs confirmed must-haves -----------------------------------------------------------


def test_it_never_filters_on_requirements_nobody_confirmed() -> None:
    facts = ResumeFacts(skills=[], years=1.0)
    auto = Requirements.build("Data Engineer", ["Python", "Spark", "Airflow"], [], 5, "mid")
    assert prefilter(facts, auto, RULES) == []
    confirmed = Requirements.build(
        "Data Engineer", ["Python", "Spark", "Airflow"], [], 5, "mid", confirmed=True
    )
    reasons = prefilter(facts, confirmed, RULES)
    assert any("Missing 3 of 3 must-have skills" in r for r in reasons)
    assert any("at least 5 years" in r for r in reasons)


def test_it_does_not_filter_a_resume_that_does_not_state_its_years() -> None:
    req = Requirements.build("Nurse", [], [], 3, "mid", confirmed=True)
    assert prefilter(ResumeFacts(years=None), req, RULES) == []
    assert prefilter(ResumeFacts(years=1.0), req, RULES) != []


def test_it_finds_a_skill_the_vocabulary_does_not_know_by_its_words() -> None:
    words = frozenset(lexical.terms("Wrote regression suites with Selenium WebDriver"))
    facts = ResumeFacts(skills=[])
    assert has_skill(facts, "Selenium WebDriver", words)
    assert not has_skill(facts, "Cypress Dashboard", words)
    assert not has_skill(facts, "Selenium WebDriver", frozenset())


# --- lexical component ----------------------------------------------------------------------

DOCS = [
    "Litigation associate: drafted motions, depositions and discovery for civil litigation.",
    "Payroll administrator running monthly payroll and pensions for 300 staff.",
    "Personal trainer and fitness instructor; group classes and nutrition plans.",
    "Associate attorney handling commercial litigation and contract disputes.",
]


def _bm25(order: list[int]) -> dict[int, float]:
    query = lexical.build_query("Associate Attorney", "Civil litigation, motions, discovery.")
    docs = [lexical.doc_terms(DOCS[i], query) for i in order]
    return dict(zip(order, lexical.bm25(query, docs), strict=True))


def test_it_scores_lexical_relevance_deterministically_whatever_the_order() -> None:
    first = _bm25([0, 1, 2, 3])
    for seed in range(5):
        order = [0, 1, 2, 3]
        random.Random(seed).shuffle(order)
        assert _bm25(order) == first
    assert first[2] == 0.0 and first[1] == 0.0  # no word of the ad
    assert max(first, key=first.get) in (0, 3) and first[0] > 0 and first[3] > 0


def test_it_weights_the_job_title_up() -> None:
    plain = lexical.build_query("Associate Attorney", "motions", title_weight=1.0)
    weighted = lexical.build_query("Associate Attorney", "motions", title_weight=5.0)
    assert weighted["attorney"] > plain["attorney"] and weighted["motion"] == plain["motion"]


def test_it_folds_word_forms_onto_one_term() -> None:
    assert lexical.terms("Nurses nursing") == [lexical.stem("nurses"), lexical.stem("nursing")]
    assert lexical.stem("accounting") == lexical.stem("accounts") == "account"
    assert lexical.terms("The and of") == []


# --- the pipeline -----------------------------------------------------------------------------

PYTHON_DEV = """Backend Developer
Summary
Python developer building Django REST APIs on PostgreSQL, deployed with Docker.
Experience
Backend Developer, Shopfront Ltd
2017 - Present
Built payment APIs in Python and Django; PostgreSQL tuning; Docker images.
"""
NURSE = """Staff Nurse
Summary
Registered nurse caring for ICU patients; medication administration and charting.
Experience
Staff Nurse, City Hospital
2014 - Present
Cared for ICU patients.
"""


@pytest.fixture
def screened(team, settings):
    settings.SCREENING_EMBEDDER = FAKE_EMBEDDER
    job = make_job(team)
    resumes = [make_resume(team, PYTHON_DEV, filename="dev.txt"),
               make_resume(team, NURSE, filename="nurse.txt")]  # fmt: skip
    batch = svc.create_batch(team, job, [r.id for r in resumes], enqueue=False)
    runs.execute_run(batch.run_id)
    return batch


def _by_file(job) -> dict[str, Candidate]:
    return {c.resume.source_ref: c for c in Candidate.objects.filter(job=job)}


def test_it_ranks_everyone_when_must_haves_are_not_confirmed(screened) -> None:
    cands = _by_file(screened.job)
    assert {c.status for c in cands.values()} == {Candidate.Status.SCORED}
    assert cands["dev.txt"].rank == 1 and cands["nurse.txt"].rank == 2
    assert cands["dev.txt"].components["lexical"] == 1.0  # the pool's best
    assert cands["nurse.txt"].components["lexical"] < 0.5
    assert cands["nurse.txt"].components["required"] == 0.0


def test_it_filters_only_after_a_recruiter_confirms_the_must_haves(screened) -> None:
    svc.update_job_settings(screened, confirmed=True)
    cands = _by_file(screened.job)
    assert cands["nurse.txt"].status == Candidate.Status.FILTERED
    assert any("must-have" in r for r in cands["nurse.txt"].prefilter_reasons)
    assert cands["dev.txt"].status == Candidate.Status.SCORED
    svc.update_job_settings(screened, confirmed=False)
    assert _by_file(screened.job)["nurse.txt"].status == Candidate.Status.SCORED


def test_it_counts_a_newly_typed_must_have_in_the_resume_text(screened) -> None:
    svc.update_job_settings(screened, required=["ICU charting"])
    cands = _by_file(screened.job)
    assert cands["nurse.txt"].components["required"] == 1.0
    assert cands["dev.txt"].components["required"] == 0.0
    assert "icu" in cands["nurse.txt"].signals["terms"]["tf"]
