"""Every model of ours is in the admin with list columns, and every changelist renders for staff."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from llm.models import LLMCall
from runs.models import Run, RunItem
from screener.services import create_team_user
from tests.jobs.conftest import make_job
from tests.profiles.conftest import make_profile
from tests.screening.fakes import make_resume

OUR_APPS = ("screener", "runs", "llm", "jobs", "resumes", "screening", "profiles")


def _our_models() -> list:
    return [m for m in apps.get_models() if m._meta.app_label in OUR_APPS]


@pytest.mark.parametrize("model", _our_models(), ids=lambda m: m._meta.label)
def test_every_model_has_an_admin_with_useful_columns(model) -> None:  # noqa: ANN001
    model_admin = admin.site._registry.get(model)
    assert model_admin is not None, f"{model._meta.label} is not in the admin"
    assert len(model_admin.list_display) >= 2, "more than __str__ in the list"


def test_every_changelist_and_change_page_renders_for_staff(team) -> None:  # noqa: ANN001
    _, staff = create_team_user(team.name, "staffer", "an-admin-password", staff=True)
    client = Client()
    client.force_login(staff)
    make_job(team)
    make_resume(team, "Jane Roe\nBackend Engineer\nSkills: Python\n")
    make_profile(team)
    run = Run.objects.create(team=team, kind="k", label="r")
    RunItem.objects.create(run=run, key="1")
    LLMCall.objects.create(purpose="p", model="m", status="200", run=run)
    for model in _our_models():
        opts = model._meta
        listing = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        assert listing.status_code == 200, opts.label
        searched = client.get(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist") + "?q=x"
        )
        assert searched.status_code == 200, opts.label
        row = model.objects.first()
        if row is not None:
            page = client.get(
                reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[row.pk])
            )
            assert page.status_code == 200, opts.label
