"""factory_boy factories for the cross-cutting rows."""

import factory

from runs.models import Run
from screener.models import Team


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    name = factory.Sequence(lambda n: f"Team {n}")


class RunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Run

    team = factory.SubFactory(TeamFactory)
    kind = "test"
    label = factory.Sequence(lambda n: f"Run {n}")
    total = 10
