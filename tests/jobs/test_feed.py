"""Feed import: RemoteOK shape, edge cases, sanitising, idempotent re-import, requirements."""

from __future__ import annotations

import numpy as np
import pytest

from jobs import services
from jobs.feed import FeedError
from jobs.html import html_to_text, sanitise_html
from jobs.models import JobPosting
from tests.jobs.conftest import entry, feed_bytes

NOTICE = {"last_updated": 1, "legal": "API Terms of Service"}


def test_it_imports_the_demo_feed_and_skips_the_legal_notice(team, demo_feed) -> None:
    report = services.import_feed(team, demo_feed)
    assert (report.created, report.notices_skipped, report.problems) == (20, 1, [])
    assert JobPosting.objects.filter(team=team).count() == 20
    assert not JobPosting.objects.filter(position__icontains="terms").exists()


def test_it_updates_instead_of_duplicating_on_reimport(team, demo_feed) -> None:
    services.import_feed(team, demo_feed)
    again = services.import_feed(team, demo_feed)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 20)
    changed = feed_bytes(NOTICE, entry(id="1128401", position="Senior Backend Engineer II"))
    report = services.import_feed(team, changed)
    assert report.updated == 1
    assert JobPosting.objects.filter(team=team).count() == 20
    assert JobPosting.objects.get(external_id="1128401").position == "Senior Backend Engineer II"


def test_it_fills_requirements_without_any_llm(team, demo_feed) -> None:
    services.import_feed(team, demo_feed)
    job = JobPosting.objects.get(external_id="1128401")
    assert {"Python", "Django", "PostgreSQL", "Docker"} <= set(job.required_skills)
    assert "Kubernetes" in job.nice_to_have_skills
    assert (job.min_years, job.seniority) == (5.0, "senior")
    assert job.enrichment_status == JobPosting.Enrichment.NONE
    assert len(job.content_hash) == 64
    junior = JobPosting.objects.get(external_id="1128377")
    assert junior.seniority == "junior"


def test_it_reports_malformed_entries_one_by_one_and_imports_the_rest(team) -> None:
    data = feed_bytes(
        NOTICE,
        entry(id="ok-1"),
        entry(id=None),
        entry(id="no-title", position=""),
        "just a string",
        entry(id="bad-salary", salary_min="lots"),
        entry(id="ok-2", company=None, tags=None, description=None, date=None),
    )
    report = services.import_feed(team, data)
    assert report.created == 2
    problems = {(p.index, p.external_id): p.message for p in report.problems}
    assert set(problems) == {(2, ""), (3, "no-title"), (4, ""), (5, "bad-salary")}
    assert "id" in problems[(2, "")]
    assert "position" in problems[(3, "no-title")]
    assert "not a JSON object" in problems[(4, "")]
    assert set(JobPosting.objects.values_list("external_id", flat=True)) == {"ok-1", "ok-2"}


def test_it_keeps_the_first_of_duplicate_ids(team) -> None:
    data = feed_bytes(entry(id="7", position="First"), entry(id="7", position="Second"))
    report = services.import_feed(team, data)
    assert report.created == 1
    assert "duplicate id" in report.problems[0].message
    assert JobPosting.objects.get().position == "First"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<html>not json</html>", "not valid JSON"),
        (b'{"jobs": []}', "JSON list"),
        (b"\xff\xfe\x00garbage", "not valid JSON"),
    ],
)
def test_it_refuses_a_feed_that_is_not_a_json_list_and_creates_nothing(
    team, data: bytes, message: str
) -> None:
    with pytest.raises(FeedError, match=message):
        services.import_feed(team, data)
    assert not JobPosting.objects.exists()


def test_it_refuses_an_oversize_feed(team, demo_feed, settings) -> None:
    settings.JOB_FEED_MAX_BYTES = 1000
    with pytest.raises(FeedError, match="limit is 1,000"):
        services.import_feed(team, demo_feed)
    assert not JobPosting.objects.exists()


def test_it_cuts_an_oversize_description_with_a_warning(team, settings) -> None:
    settings.JOB_DESCRIPTION_MAX_CHARS = 200
    report = services.import_feed(team, feed_bytes(entry(description="<p>" + "word " * 500)))
    assert report.created == 1 and "cut to 200" in report.warnings[0]
    assert len(JobPosting.objects.get().description_text) <= 200


def test_it_sanitises_html_in_descriptions(team) -> None:
    hostile = (
        '<p onclick="steal()">Join <strong>us</strong><script>alert(1)</script></p>'
        '<style>body{display:none}</style><img src=x onerror="alert(2)">'
        '<a href="javascript:alert(3)">click</a> <a href="https://ok.example/x" style="x">ok</a>'
        "<iframe src='https://evil.example'></iframe><ul><li>Python</li></ul><!-- hidden -->"
    )
    services.import_feed(team, feed_bytes(entry(description=hostile)))
    job = JobPosting.objects.get()
    html = job.description_html
    for bad in ("script", "onclick", "onerror", "style", "javascript:", "iframe", "<img", "hidden"):
        assert bad not in html
    assert '<a href="https://ok.example/x" rel="nofollow noopener noreferrer">ok</a>' in html
    assert "<strong>us</strong>" in html and "<li>Python</li>" in html
    assert "alert" not in job.description_text and "<" not in job.description_text
    assert "- Python" in job.description_text


def test_it_converts_html_to_text_with_line_breaks() -> None:
    text = html_to_text("<h2>Requirements</h2><ul><li>Go</li><li>Rust</li></ul><p>a<br>b</p>")
    assert text == "Requirements\n\n- Go\n- Rust\n\na\nb"


def test_it_drops_unknown_tags_but_keeps_their_text() -> None:
    assert sanitise_html("<div><span>kept</span><h5>too</h5></div>") == "kepttoo"


def test_it_stores_a_search_vector_and_a_salary_range_in_order(team) -> None:
    services.import_feed(team, feed_bytes(entry(salary_min=150000, salary_max=90000)))
    job = JobPosting.objects.get()
    assert (job.salary_min, job.salary_max) == (90000, 150000)
    assert job.search_vector is not None


def test_it_resets_enrichment_when_the_text_changes(team) -> None:
    services.import_feed(team, feed_bytes(entry()))
    JobPosting.objects.update(
        enrichment_status="done", summary="old", enriched_hash="h", embedding_version="v"
    )
    services.import_feed(team, feed_bytes(entry(tags=["python", "new-tag"])))
    job = JobPosting.objects.get()
    assert (job.enrichment_status, job.summary) == ("done", "old")  # tags are not enriched
    services.import_feed(team, feed_bytes(entry(description="<p>5+ years of Go</p>")))
    job.refresh_from_db()
    assert (job.enrichment_status, job.summary, job.embedding_version) == ("none", "", "")
    assert job.min_years == 5.0


def test_it_keeps_each_teams_jobs_apart(team, other_team) -> None:
    services.import_feed(team, feed_bytes(entry(id="1")))
    services.import_feed(other_team, feed_bytes(entry(id="1")))
    assert JobPosting.objects.filter(external_id="1").count() == 2


def test_it_embeds_jobs_whose_embedding_is_missing_or_outdated(team) -> None:
    services.import_feed(team, feed_bytes(entry(id="1"), entry(id="2", position="Nurse")))
    seen: list[str] = []

    def embed(texts: list[str]) -> list[list[float]]:
        seen.extend(texts)
        return [[float(len(t) % 7)] + [0.0] * 383 for t in texts]

    assert services.embed_pending_jobs(team.id, embed=embed, version="test-v1") == 2
    assert services.embed_pending_jobs(team.id, embed=embed, version="test-v1") == 0
    assert "Skills: Python" in seen[0]
    job = JobPosting.objects.get(external_id="1")
    assert job.embedding_version == "test-v1" and len(job.embedding) == 384
    assert services.embed_pending_jobs(team.id, embed=embed, version="test-v2") == 2


def test_jobs_are_embedded_by_the_same_embedder_as_resumes(team, settings) -> None:
    """A test worker's stand-in embedder applies to jobs too, so vectors stay comparable."""
    from tests.screening.fakes import FAKE_EMBEDDER, fake_embed

    settings.SCREENING_EMBEDDER = FAKE_EMBEDDER
    services.import_feed(team, feed_bytes(entry(id="1")))
    assert services.embed_pending_jobs(team.id) == 1
    job = JobPosting.objects.get(external_id="1")
    assert job.embedding_version == fake_embed.version
    reused = services.job_vector(job)  # screening reuses the stored vector as is
    assert JobPosting.objects.get(id=job.id).embedding_version == fake_embed.version
    assert abs(float(reused @ np.asarray(job.embedding, dtype=np.float32)) - 1.0) < 1e-6


@pytest.mark.slow
def test_the_embedding_task_uses_the_local_model(team) -> None:
    from jobs.tasks import embed_jobs
    from screener.lib.embeddings import EMBEDDING_MODEL_VERSION

    services.import_feed(team, feed_bytes(entry(id="1"), entry(id="2", position="ICU Nurse")))
    assert embed_jobs(team.id) == 2
    backend, nurse = JobPosting.objects.order_by("external_id")
    assert backend.embedding_version == nurse.embedding_version == EMBEDDING_MODEL_VERSION
    assert len(backend.embedding) == 384
    assert sum(a * b for a, b in zip(backend.embedding, nurse.embedding, strict=True)) < 0.99
