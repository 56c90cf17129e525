"""Regenerate the README tour images (docs/tour/*.png) from the end-to-end journey.

Runs ``tests/e2e/test_journey.py`` (real browser, real worker, fake Groq; it saves a
full-page screenshot of every page under test-artifacts/) and ``tests/e2e/test_phone_layout.py``
(the demo data on a 390x844 phone), then crops the chosen ones to the 1280x800 viewport and
stores them as small palette PNGs::

    .venv/bin/python scripts/tour_screenshots.py            # run the journey, then convert
    .venv/bin/python scripts/tour_screenshots.py --no-run   # convert the existing artefacts
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
TOUR = ROOT / "docs" / "tour"
VIEWPORT = (1280, 800)
COLOURS = 64  # the pages use a handful of flat colours: 64 keep text and bars crisp
# docs/tour/<name> <- test-artifacts/e2e-<source>.png, cropped from the top of the page.
IMAGES = {
    "1-upload.png": "journey-03-upload",
    "2-ranking.png": "journey-06-explanation",
    "3-enrichment.png": "enrichment-01-waiting",
    "4-dashboard.png": "journey-10-dashboard",
    "5-phone.png": "phone-ranking",  # tests/e2e/test_phone_layout.py, a 390x844 screen
}


def run_journey() -> None:
    """Run the end-to-end journey; stop here if it fails (its screenshots may be partial)."""
    tests = ["tests/e2e/test_journey.py", "tests/e2e/test_phone_layout.py"]
    command = [sys.executable, "-m", "pytest", *tests, "-q"]
    subprocess.run(command, cwd=ROOT, check=True)


def convert(source: Path, dest: Path) -> int:
    """Crop ``source`` to the viewport, quantise it to a palette, save it; return its size.

    A narrower image is a phone's screen, saved at its size already: it is kept whole.
    """
    with Image.open(source) as image:
        width, height = VIEWPORT if image.width >= VIEWPORT[0] else image.size
        cropped = image.convert("RGB").crop((0, 0, width, min(height, image.height)))
    palette = cropped.quantize(colors=COLOURS, method=Image.Quantize.MEDIANCUT, dither=0)
    palette.save(dest, optimize=True)
    return dest.stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-run", action="store_true", help="use the existing artefacts")
    args = parser.parse_args()
    if not args.no_run:
        run_journey()
    TOUR.mkdir(parents=True, exist_ok=True)
    for name, source in IMAGES.items():
        size = convert(ARTIFACTS / f"e2e-{source}.png", TOUR / name)
        print(f"docs/tour/{name}: {size / 1024:.0f} KB")


if __name__ == "__main__":
    main()
