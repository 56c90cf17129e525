"""Shared pieces of management commands: --team, progress output, summary tables."""

from __future__ import annotations

import itertools
import sys
from argparse import ArgumentParser
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TextIO, TypeVar

from django.core.management.base import CommandError

from screener.models import Team

T = TypeVar("T")


def add_team_argument(parser: ArgumentParser) -> None:
    """Add ``--team NAME`` (optional when exactly one team exists)."""
    parser.add_argument("--team", help="team name (may be omitted when only one team exists)")


def resolve_team(name: str | None) -> Team:
    """The named team, or the only team; a CommandError that says what to pass otherwise."""
    if name:
        try:
            return Team.objects.get(name=name)
        except Team.DoesNotExist:
            known = ", ".join(Team.objects.values_list("name", flat=True)) or "none"
            raise CommandError(f"no team named {name!r} (teams: {known})") from None
    teams = list(Team.objects.all()[:2])
    if len(teams) == 1:
        return teams[0]
    if not teams:
        raise CommandError("no team exists yet: run `manage.py create_team_user TEAM USER ...`")
    raise CommandError("several teams exist: pass --team NAME")


def progress(
    items: Iterable[T], total: int, label: str, stream: TextIO = sys.stderr
) -> Iterator[T]:
    """Yield ``items`` with a progress bar on a terminal, plain lines otherwise."""
    if stream.isatty():
        from tqdm import tqdm

        yield from tqdm(items, total=total, desc=label, file=stream)
        return
    step = max(1, total // 10)
    for index, item in enumerate(items, start=1):
        yield item
        if index % step == 0 or index == total:
            stream.write(f"{label}: {index}/{total}\n")


def progress_ticker(total: int, label: str, stream: TextIO = sys.stderr) -> Callable[..., None]:
    """A callback that advances a :func:`progress` display by one step per call."""
    steps = progress(itertools.repeat(None, total), total, label, stream)
    return lambda *_args: next(steps, None)


def table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A plain-text table with aligned columns."""
    cells = [[str(h) for h in headers], *[[str(c) for c in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(line.rstrip() for line in lines)
