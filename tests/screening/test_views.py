"""Screening pages: new batch, results, instant re-rank, decisions, export, team isolation."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from runs import executor as runs
from runs.models import Run
from screening import services as svc
from screening.models import Candidate, DecisionLog, ScreeningBatch
from screening.scoring import COMPONENT_LABELS
from tests.screening.fakes import FAKE_EMBEDDER, make_job, make_resume
from tests.screening.test_pipeline import JUNIOR, NURSE, SENIOR

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def _fake_embedder(settings) -> None:
    settings.SCREENING_EMBEDDER = FAKE_EMBEDDER


@pytest.fixture
def screened(team):
    job = make_job(team)
    resumes = [
        make_resume(team, SENIOR, filename="01_daniel-okafor.txt"),
        make_resume(team, JUNIOR, filename="02_mei-chen.txt"),
        make_resume(team, NURSE, filename="03_maria-santos.txt"),
    ]
    batch = svc.create_batch(team, job, [r.id for r in resumes], enqueue=False)
    runs.execute_run(batch.run_id)
    return batch


@pytest.fixture
def mallory(other_team_user) -> Client:
    client = Client()
    client.force_login(other_team_user)
    return client


def test_it_shows_an_empty_state_that_says_what_to_do(auth_client) -> None:
    page = auth_client.get(reverse("screening:index")).content.decode()
    assert "There are no jobs yet" in page and "No screening batches yet" in page


def test_it_creates_a_batch_from_the_form_and_queues_it(auth_client, team) -> None:
    job = make_job(team)
    make_resume(team, SENIOR)
    make_resume(team, NURSE)
    response = auth_client.post(
        reverse("screening:index"), {"job": job.id, "skill": "Django", "name_blind": "on"}
    )
    batch = ScreeningBatch.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "screening:batch", args=[batch.pk]
    )
    assert batch.resumes.count() == 1 and batch.name_blind
    assert batch.run.kind == svc.RUN_KIND and batch.run.status == Run.Status.QUEUED


def test_it_creates_nothing_when_no_resume_matches(auth_client, team) -> None:
    job = make_job(team)
    make_resume(team, NURSE)
    response = auth_client.post(reverse("screening:index"), {"job": job.id, "skill": "Haskell"})
    assert response.status_code == 200
    assert "choose at least one resume" in response.content.decode()
    assert not ScreeningBatch.objects.exists() and not Run.objects.exists()


def test_it_cannot_screen_another_teams_job(mallory, team) -> None:
    job = make_job(team)
    response = mallory.post(reverse("screening:index"), {"job": job.id})
    assert response.status_code == 200 and not ScreeningBatch.objects.exists()


def test_it_shows_the_ranking_name_blind_with_sections(auth_client, screened) -> None:
    page = auth_client.get(reverse("screening:batch", args=[screened.pk])).content.decode()
    assert "Did not pass the pre-filter" not in page and "Not confirmed" in page
    svc.update_job_settings(screened, confirmed=True)
    page = auth_client.get(reverse("screening:batch", args=[screened.pk])).content.decode()
    assert "Ranked candidates" in page and "Did not pass the pre-filter" in page
    assert "Missing 4 of 4 must-have skills" in page
    assert "Daniel" not in page and "okafor" not in page.lower() and "Candidate C-" in page
    assert "<meter" in page and "Export CSV" in page


def test_it_polls_results_while_running_and_stops_when_done(auth_client, team) -> None:
    job = make_job(team)
    resume = make_resume(team, SENIOR)
    batch = svc.create_batch(team, job, [resume.id], enqueue=False)
    url = reverse("screening:batch", args=[batch.pk])
    running = auth_client.get(url, **HTMX)
    assert running.status_code == 200 and 'hx-trigger="every 2s"' in running.content.decode()
    runs.execute_run(batch.run_id)
    done = auth_client.get(url, **HTMX)
    assert done.status_code == 286 and "every 2s" not in done.content.decode()


def test_it_reranks_instantly_when_weights_change(auth_client, screened) -> None:
    url = reverse("screening:weights", args=[screened.pk])
    data = {
        "w_semantic": 0, "w_lexical": 0, "w_required": 0, "w_nice": 0, "w_experience": 0,
        "w_seniority": 0, "w_recency": 1,
        "required": "Python, Django, PostgreSQL, Docker", "nice": "",
        "min_years": 5,
    }  # fmt: skip
    response = auth_client.post(url, data, **HTMX)
    assert response.status_code == 200 and float(response["X-Rerank-Ms"]) < 1000
    screened.refresh_from_db()
    assert screened.weights["recency"] == 1 and screened.weights["semantic"] == 0
    top = Candidate.objects.get(rank=1)
    assert top.score == pytest.approx(100 * top.components["recency"], abs=0.01)
    assert top.versions["weights"].startswith("experience=0")


def test_it_refilters_when_must_haves_change(auth_client, screened) -> None:
    nurse = Candidate.objects.get(resume__source_ref="03_maria-santos.txt")
    data = {f"w_{k}": v for k, v in svc.ranking.default_weights().items()}
    data.update(required="Python, Django", nice="", min_years="", confirmed="on")
    auth_client.post(reverse("screening:weights", args=[screened.pk]), data, **HTMX)
    nurse.refresh_from_db()
    assert nurse.status == Candidate.Status.FILTERED
    data.update(required="Triage")
    auth_client.post(reverse("screening:weights", args=[screened.pk]), data, **HTMX)
    nurse.refresh_from_db()
    assert nurse.status == Candidate.Status.SCORED and nurse.rank == 1
    assert nurse.prefilter_reasons == []


def test_it_rejects_invalid_weights_and_changes_nothing(auth_client, screened) -> None:
    before = list(Candidate.objects.order_by("id").values_list("rank", "score"))
    data = {f"w_{k}": 0 for k in svc.ranking.default_weights()}
    response = auth_client.post(reverse("screening:weights", args=[screened.pk]), data, **HTMX)
    assert response.status_code == 200 and response["X-Weights-Refused"] == "1"
    assert "At least one weight" in response.content.decode()
    assert list(Candidate.objects.order_by("id").values_list("rank", "score")) == before
    screened.refresh_from_db()
    assert screened.weights == svc.ranking.default_weights()


def test_it_records_decisions_and_reveals_the_name(auth_client, screened, user) -> None:
    cand = Candidate.objects.get(rank=1)
    url = reverse("screening:decision", args=[cand.pk])
    response = auth_client.post(url, {"decision": "shortlist", "note": "strong"}, **HTMX)
    body = response.content.decode()
    assert response.status_code == 200 and "Daniel Okafor" in body and "Shortlisted" in body
    cand.refresh_from_db()
    assert (cand.decision, cand.decided_by, cand.decision_note) == ("shortlist", user, "strong")
    log = DecisionLog.objects.get()
    assert (log.decision, log.user, log.note) == ("shortlist", user, "strong")


def test_it_refuses_an_unknown_decision_and_logs_nothing(auth_client, screened) -> None:
    cand = Candidate.objects.get(rank=1)
    response = auth_client.post(reverse("screening:decision", args=[cand.pk]), {"decision": "x"})
    assert response.status_code == 422 and not DecisionLog.objects.exists()


def test_it_explains_inline_with_evidence_lines(auth_client, screened) -> None:
    cand = Candidate.objects.get(rank=1)
    fragment = auth_client.get(reverse("screening:candidate", args=[cand.pk]), **HTMX)
    body = fragment.content.decode()
    assert "<!doctype" not in body.lower() and "Must-have skills (4 of 4)" in body
    # each matched requirement is linked to the resume line that supports it
    assert "Backend engineer building Python and Django services for payments." in body
    assert "Data: PostgreSQL, Redis" in body
    assert "meets the job" in body and "Rank:" in body
    page = auth_client.get(reverse("screening:candidate", args=[cand.pk])).content.decode()
    assert "<html" in page and "Deep analysis" in page


def test_it_exports_csv_in_rank_order(auth_client, screened) -> None:
    response = auth_client.get(reverse("screening:export", args=[screened.pk]))
    lines = response.content.decode().strip().splitlines()
    assert response["Content-Type"].startswith("text/csv")
    assert lines[0].startswith("rank,candidate,status,score,semantic")
    assert [line.split(",")[0] for line in lines[1:]] == ["1", "2", "3"]
    assert "Daniel" not in response.content.decode()


@pytest.mark.parametrize(
    "name, method",
    [
        ("screening:batch", "get"),
        ("screening:weights", "post"),
        ("screening:export", "get"),
        ("screening:analyse-top", "post"),
    ],
)
def test_it_hides_batches_from_other_teams(mallory, screened, name, method) -> None:
    response = getattr(mallory, method)(reverse(name, args=[screened.pk]))
    assert response.status_code == 404


@pytest.mark.parametrize(
    "name, method",
    [("screening:candidate", "get"), ("screening:decision", "post"), ("screening:analyse", "post")],
)
def test_it_hides_candidates_from_other_teams(mallory, screened, name, method) -> None:
    cand = Candidate.objects.get(rank=1)
    response = getattr(mallory, method)(reverse(name, args=[cand.pk]), {"decision": "reject"})
    assert response.status_code == 404
    cand.refresh_from_db()
    assert cand.decision == "undecided" and not DecisionLog.objects.exists()


def test_it_lists_only_the_teams_batches(mallory, screened) -> None:
    page = mallory.get(reverse("screening:index")).content.decode()
    assert "No screening batches yet" in page


def test_it_defuses_formulas_in_the_csv(auth_client, screened) -> None:
    cand = Candidate.objects.get(rank=1)
    cand.resume.candidate_name = '=HYPERLINK("http://evil")'
    cand.resume.save()
    svc.set_decision(cand, "shortlist", None)
    body = auth_client.get(reverse("screening:export", args=[screened.pk])).content.decode()
    assert "'=HYPERLINK" in body and ",=HYPERLINK" not in body


def test_it_names_the_weight_it_refuses_and_htmx_swaps_the_reason_in(auth_client, screened) -> None:
    data = {f"w_{k}": 1 for k in svc.ranking.default_weights()}
    first = next(iter(data))
    data[first] = -1
    response = auth_client.post(reverse("screening:weights", args=[screened.pk]), data, **HTMX)
    body = response.content.decode()
    label = COMPONENT_LABELS[first.removeprefix("w_")]
    assert response.status_code == 200 and response["X-Weights-Refused"] == "1"
    assert f"Weights not changed: {label}: Ensure this value is greater than or equal to 0" in body
    page = auth_client.get(reverse("screening:batch", args=[screened.pk])).content.decode()
    assert '{"code": "422", "swap": true, "error": false}' in page  # not dropped by htmx
