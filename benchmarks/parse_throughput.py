"""Throughput of resume text extraction and heuristic parsing on the demo set x N.

The 34 demo resumes (PDF/DOCX/TXT/HTML, incl. one image-only PDF that is refused) are
replicated to ``--files`` documents (1,000 by default) and processed the way the app does:
``textract.extract_text`` in its isolated, time-limited worker pool (with the resume
HTML-header fix), then ``resumes.parsing.parse_resume``. Reported: files/s for extraction
alone and for extraction + parse, sequentially and with ``--threads`` callers in parallel
(each gets its own worker process), plus peak RSS of this process and of the largest
extraction worker. No database is involved.

    .venv/bin/python benchmarks/parse_throughput.py [--files 1000] [--threads 4]
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

Doc = tuple[str, bytes]


def load_docs(count: int) -> list[Doc]:
    files = sorted(p for p in (ROOT / "demo_data" / "resumes").iterdir() if p.is_file())
    base = [(p.name, p.read_bytes()) for p in files]
    return [base[i % len(base)] for i in range(count)]


def extract_only(doc: Doc) -> str:
    from resumes.parsing.extract import resume_extractor
    from screener.lib.textract import ExtractionError, extract_text

    try:
        return extract_text(doc[1], doc[0], extractor=resume_extractor).text
    except ExtractionError:
        return ""


def extract_and_parse(doc: Doc) -> str:
    from resumes.parsing import parse_resume

    text = extract_only(doc)
    return parse_resume(text).record.job_role if text else ""


def timed(fn: Callable[[Doc], str], docs: list[Doc], threads: int) -> float:
    """Files per second of ``fn`` over ``docs`` with ``threads`` parallel callers."""
    started = time.perf_counter()
    if threads == 1:
        for doc in docs:
            fn(doc)
    else:
        with ThreadPoolExecutor(threads) as pool:
            list(pool.map(fn, docs))
    return len(docs) / (time.perf_counter() - started)


def _descendants(pid: int) -> list[int]:
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(entry.name)] = int(fields[1])
    found, frontier = [], [pid]
    while frontier:
        current = frontier.pop()
        children = [p for p, parent in parents.items() if parent == current]
        found.extend(children)
        frontier.extend(children)
    return found


def peak_rss_mb(pid: int) -> float:
    """VmHWM (peak resident set) of a process in MB, 0 if unknown."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    docs = load_docs(args.files)
    extract_and_parse(docs[0])  # warm up: start the forkserver and a worker, load vocabularies
    rows = [
        ("extraction only, 1 caller", timed(extract_only, docs, 1)),
        ("extraction + parse, 1 caller", timed(extract_and_parse, docs, 1)),
        (f"extraction only, {args.threads} callers", timed(extract_only, docs, args.threads)),
        (
            f"extraction + parse, {args.threads} callers",
            timed(extract_and_parse, docs, args.threads),
        ),
    ]
    print(f"{args.files} files (demo set of 34 replicated), {os.cpu_count()} CPUs")
    for label, rate in rows:
        print(f"{label:36} {rate:8.1f} files/s")
    main_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    worker_peak = max((peak_rss_mb(p) for p in _descendants(os.getpid())), default=0.0)
    print(f"{'peak RSS, this process':36} {main_peak:8.1f} MB")
    print(f"{'peak RSS, largest extraction worker':36} {worker_peak:8.1f} MB")


if __name__ == "__main__":
    main()
