"""The weights panel: reset to the defaults, the shared-settings note, refused weights."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from screening import services as svc
from screening.models import Candidate, ScreeningBatch
from tests.screening import test_views
from tests.screening.fakes import make_resume
from tests.screening.test_pipeline import JUNIOR

HTMX = {"HTTP_HX_REQUEST": "true"}
# The results-page fixtures: a screened batch of three, the other team's client, the embedder.
screened, mallory = test_views.screened, test_views.mallory
_fake_embedder = test_views._fake_embedder


def _order(job_id: int) -> list[int]:
    ranked = Candidate.objects.filter(job_id=job_id).order_by("rank")
    return list(ranked.values_list("id", flat=True))


def test_it_resets_weights_and_must_haves_to_the_defaults_of_the_job(auth_client, screened) -> None:
    default_order = _order(screened.job_id)
    only_recency = {k: 0.0 for k in svc.ranking.default_weights()} | {"recency": 1.0}
    svc.update_job_settings(screened, only_recency, required=["Haskell"], confirmed=True)
    changed = svc.job_settings(screened.job)
    assert changed.weights["recency"] == 1.0 and changed.requirements.confirmed

    response = auth_client.post(reverse("screening:weights-reset", args=[screened.pk]))
    assert response.status_code == 302
    conf = svc.job_settings(screened.job)
    assert conf.weights == svc.ranking.default_weights()
    assert "Haskell" not in conf.requirements.required and not conf.requirements.confirmed
    assert _order(screened.job_id) == default_order
    assert not Candidate.objects.filter(status=Candidate.Status.FILTERED).exists()
    page = auth_client.get(response.url).content.decode()
    assert "reset to the defaults" in page


def test_it_resets_every_batch_of_the_job(auth_client, team, screened) -> None:
    other = svc.create_batch(team, screened.job, [make_resume(team, JUNIOR).id], enqueue=False)
    svc.update_job_settings(other, {k: 1.0 for k in svc.ranking.default_weights()}, nice=["Go"])
    assert all(b.weights for b in ScreeningBatch.objects.filter(job=screened.job))
    auth_client.post(reverse("screening:weights-reset", args=[screened.pk]))
    for batch in ScreeningBatch.objects.filter(job=screened.job):
        assert batch.weights == {} and batch.requirements == {}


def test_it_says_on_the_panel_that_changes_apply_to_everyone(auth_client, screened) -> None:
    page = auth_client.get(reverse("screening:batch", args=[screened.pk])).content.decode()
    assert "apply to everyone's view of this job" in page or (
        "apply to everyone&#x27;s view of this job" in page
    )
    assert "Reset to defaults" in page
    # the browser must send a refused value to the server (no silent client-side halt)
    assert "novalidate" in page.split('id="weights-shared"')[0].rsplit("<form", 1)[1]


def test_it_refuses_a_negative_weight_with_a_message_and_changes_nothing(
    auth_client, screened
) -> None:
    before = _order(screened.job_id)
    data = {f"w_{k}": v for k, v in svc.ranking.default_weights().items()} | {"w_semantic": -0.5}
    response = auth_client.post(reverse("screening:weights", args=[screened.pk]), data, **HTMX)
    assert response.status_code == 200 and response["X-Weights-Refused"] == "1"
    assert "Weights not changed" in response.content.decode()
    assert "greater than or equal to 0" in response.content.decode()
    assert _order(screened.job_id) == before
    screened.refresh_from_db()
    assert screened.weights.get("semantic", 0) >= 0


def test_it_only_resets_on_post(auth_client, screened) -> None:
    response = auth_client.get(reverse("screening:weights-reset", args=[screened.pk]))
    assert response.status_code == 405


def test_it_does_not_reset_another_teams_job(mallory: Client, screened) -> None:
    svc.update_job_settings(screened, required=["Haskell"])
    response = mallory.post(reverse("screening:weights-reset", args=[screened.pk]))
    assert response.status_code == 404
    assert "Haskell" in svc.job_settings(screened.job).requirements.required
