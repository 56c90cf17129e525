"""Build ``screener/data/occupation_words.json``: words that end job titles ("engineer").

Run from the repo root::

    .venv/bin/python scripts/build_occupation_words.py [--onet DIR] [--out FILE]

The last word of every O*NET alternate title ("Senior Payroll Clerk" -> "clerk") is counted;
words ending at least ``MIN_TITLES`` titles are kept, minus ``NOT_HEAD_WORDS``: words too
vague to mark a title ("hand", "member") and words that are common surnames too ("Baker",
"Mason"), which would otherwise make "Hannah Baker" look like a job title instead of a name.
Deterministic: sorted output, no timestamps.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_ONET = Path("/work/shared/data/onet")
DEFAULT_OUT = REPO / "screener" / "data" / "occupation_words.json"
MIN_TITLES = 8
_NOT_HEAD_TEXT = """
    hand man person member mate out off girl police intelligence fellow resident follower
    holder starter former counter reader marker folder header model anchor host guide
    monitor master boss chief captain professional expert leader partner liaison official
    baker cook porter mason hunter miller turner weaver fisher walker cooper carver tanner
    painter butler farmer gardener carpenter glazier taylor tailor shepherd marshal judge
    dean sexton warden steward knight bishop king page ward chandler fletcher sawyer
    roller layer liner hanger tier caster buffer blower pumper hooker breaker splitter
    sealer selector firer oiler charger chaser stacker catcher closer taker digger spinner
    spotter spreader gatherer mender patcher blocker shaper treater curer attacher diver
    opener joiner bander laster clipper brusher greaser dumper etcher binder shooter taper
    stringer baster stuffer chopper pourer tracer matcher skinner boiler heater caser
    drawer roaster wheeler hacker scraper separator paster sizer placer piler trapper
    chipper dropper steamer tapper lacer watcher climber stretcher hardener cooker
    sharpener spooler colorer escort peeler baler applier stainer sticker temperer
    measurer racker bucker bleacher tuner truer melter seamer tacker shaker raker bundler
    leveler gluer pickler beveler lapper threader crusher pinner shearer feller pointer
    lather nailer coiler skimmer brazer stapler wiper topper gunner paver bolter borer
    bonder boner reamer passer capper hemmer braider tipper inker icer slicer duster
    buster buncher killer beater reeler slitter twister shaver rounder padder skiver doffer
"""
NOT_HEAD_WORDS = frozenset(_NOT_HEAD_TEXT.split())


def head_words(titles_file: Path) -> list[str]:
    """Sorted head words of O*NET alternate titles (see the module docstring)."""
    counts: Counter[str] = Counter()
    with titles_file.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            words = re.findall(r"[A-Za-z]+", re.sub(r"\(.*?\)", "", row["Alternate Title"]))
            if words:
                counts[words[-1].lower()] += 1
    return sorted(
        w for w, n in counts.items() if n >= MIN_TITLES and len(w) > 2 and w not in NOT_HEAD_WORDS
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--onet", type=Path, default=DEFAULT_ONET)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    words = head_words(args.onet / "Alternate Titles.txt")
    payload = {
        "source": "O*NET 29.2 Alternate Titles.txt (CC BY 4.0), see NOTICE",
        "words": words,
    }
    args.out.write_text(json.dumps(payload, indent=0) + "\n", encoding="utf-8")
    print(f"{len(words)} occupation words -> {args.out}")


if __name__ == "__main__":
    main()
