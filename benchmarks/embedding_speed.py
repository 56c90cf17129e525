"""Embedding speed: plain PyTorch sentence-transformers vs our ONNX Runtime backends.

Workloads (deterministic, generated here, no two texts alike):
  a) resume-length documents (600-900 words) through ``embed_documents`` (256-token windows)
  b) short texts (job titles / skill lists, 10-40 words) through ``embed_texts``

Backends are timed interleaved (torch, onnx, onnx-int8, torch, ...) with 2 threads each (torch:
intra-op threads; ONNX: two single-threaded batches in flight), and the median of the repeats is
reported, since other processes share this machine's two cores.
Cosines compare each backend's vectors with the PyTorch ones, on the timed texts and then on
held-out ones (the demo feed's job ads, resumes and short texts from another seed). A last table
measures a cold process per backend: import + model load + first embedding time, and peak RSS.

    .venv/bin/python -m benchmarks.embedding_speed [--docs 200] [--shorts 1000] [--repeats 3]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import numpy as np  # noqa: E402

from screener.lib import embeddings  # noqa: E402

THREADS = 2

ROLES = [
    "software engineer", "data analyst", "product manager", "registered nurse", "accountant",
    "marketing coordinator", "warehouse supervisor", "teacher", "sales representative",
    "mechanical engineer", "customer service lead", "project manager", "UX designer",
    "financial analyst", "HR generalist", "DevOps engineer", "pharmacist", "electrician",
    "chef", "logistics planner", "research scientist", "legal assistant",
]  # fmt: skip
SKILLS = [
    "Python", "SQL", "Excel", "Kubernetes", "Salesforce", "patient care", "budgeting",
    "forecasting", "React", "Java", "AWS", "Tableau", "negotiation", "SAP", "AutoCAD",
    "Lean Six Sigma", "inventory control", "curriculum design", "social media strategy",
    "GAAP reporting", "Terraform", "Docker", "machine learning", "first aid", "payroll",
    "food safety", "CRM administration", "statistical modelling", "Figma", "Go", "Linux",
]  # fmt: skip
COMPANIES = [
    "Acme Corp", "Northwind Traders", "Globex", "Initech", "Umbrella Health", "Hooli",
    "Stark Logistics", "Wayne Financial", "Vandelay Industries", "Blue Harbor Hospital",
    "Greenfield School District", "Pinnacle Retail",
]  # fmt: skip
VERBS = [
    "Led", "Designed", "Implemented", "Managed", "Coordinated", "Built", "Improved", "Reduced",
    "Automated", "Launched", "Trained", "Negotiated", "Analysed", "Streamlined", "Supervised",
    "Developed", "Delivered", "Migrated", "Audited", "Mentored",
]  # fmt: skip
OBJECTS = [
    "a team of {n} engineers", "the quarterly reporting process", "a customer onboarding flow",
    "inventory across {n} warehouses", "the ward's medication schedule",
    "a data pipeline processing {n} million records a day", "vendor contracts worth ${n}k",
    "the company's public website", "a new hire training programme", "the monthly close",
    "an internal analytics dashboard", "field service routes", "safety audits for {n} sites",
    "a mobile app used by {n} thousand people", "the regional sales pipeline",
    "cloud infrastructure costs", "lesson plans for {n} classes", "the support ticket backlog",
]  # fmt: skip
RESULTS = [
    "cutting costs by {n}%", "improving retention by {n}%", "saving {n} hours per week",
    "raising satisfaction scores to {n}%", "reducing errors by {n}%", "ahead of schedule",
    "growing revenue {n}% year over year", "with zero safety incidents", "under budget",
    "across {n} departments", "while meeting strict compliance rules",
]  # fmt: skip
TOOLS = [
    "using {s} and {t}", "with {s}", "relying on {s} day to day",
    "with stakeholders in finance and operations", "in partnership with the {r} team",
]  # fmt: skip
SUMMARIES = [
    "Experienced {r} with {n} years of experience in {s} and {t}.",
    "Detail-oriented {r} who enjoys solving problems with {s}.",
    "Motivated professional seeking a {r} role where {s} and {t} matter.",
    "Results-driven {r} known for clear communication and reliable delivery.",
]
EDUCATION = [
    "B.Sc. in Computer Science, State University, {y}.",
    "MBA, City Business School, {y}.",
    "Associate degree in Nursing, Community College, {y}.",
    "Certified {s} practitioner ({y}).",
]


def _fill(rng: random.Random, template: str) -> str:
    s, t = rng.sample(SKILLS, 2)
    return template.format(
        n=rng.randint(2, 95), s=s, t=t, r=rng.choice(ROLES), y=rng.randint(1995, 2024)
    )


def _bullet(rng: random.Random) -> str:
    parts = [rng.choice(VERBS), _fill(rng, rng.choice(OBJECTS))]
    if rng.random() < 0.7:
        parts.append(_fill(rng, rng.choice(TOOLS)))
    if rng.random() < 0.8:
        parts.append(_fill(rng, rng.choice(RESULTS)))
    return " ".join(parts) + "."


def resume(rng: random.Random) -> str:
    """A resume-like text of 600-900 words."""
    target = rng.randint(600, 900)
    lines = [_fill(rng, rng.choice(SUMMARIES)), "Skills: " + ", ".join(rng.sample(SKILLS, 8))]
    while sum(len(line.split()) for line in lines) < target:
        start = rng.randint(1998, 2020)
        lines.append(
            f"{rng.choice(ROLES).title()} at {rng.choice(COMPANIES)}, "
            f"{start} to {start + rng.randint(1, 5)}."
        )
        lines += [_bullet(rng) for _ in range(rng.randint(3, 7))]
        if rng.random() < 0.2:
            lines.append(_fill(rng, rng.choice(EDUCATION)))
    return " ".join("\n".join(lines).split(" ")[:target])


def short_text(rng: random.Random) -> str:
    """A job title plus skills/duties, 10-40 words."""
    target = rng.randint(10, 40)
    words = [*rng.choice(ROLES).title().split(), "-"]
    while len(words) < target:
        words += rng.choice([rng.choice(SKILLS), _bullet(rng)]).split()
    return " ".join(words[:target])


def _timed(fn, *args, **kwargs) -> tuple[float, np.ndarray]:
    start = time.perf_counter()
    out = fn(*args, **kwargs)
    return time.perf_counter() - start, out


_COLD = """
import json, os, sys, time
os.environ.setdefault("HF_HUB_OFFLINE", "1"); os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
t0 = time.perf_counter()
from screener.lib import embeddings
embeddings.embed_texts(["warm up with one ordinary sentence"], backend=sys.argv[1], num_threads=2)
load = time.perf_counter() - t0
status = open("/proc/self/status").read().splitlines()
rss = next(int(x.split()[1]) for x in status if x.startswith("VmHWM:")) / 1024
print(json.dumps({"load_s": load, "rss_mb": rss, "torch": "torch" in sys.modules}))
"""


def _cold_start(backend: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", _COLD, backend], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _demo_job_ads() -> list[str]:
    """Title + text of every job ad in the demo feed (real-world prose, not generated)."""
    import bs4

    feed = Path(__file__).resolve().parents[1] / "demo_data" / "jobs" / "remoteok_feed.json"
    ads = [job for job in json.loads(feed.read_text()) if "position" in job]
    return [
        job["position"] + "\n" + bs4.BeautifulSoup(job.get("description") or "", "html.parser").text
        for job in ads
    ]


def _held_out(backends: list[str]) -> None:
    """Min/mean cosine to torch on texts the timed workload doesn't contain."""
    rng = random.Random(4242)
    ads = _demo_job_ads()
    docs = ads + [resume(rng) for _ in range(60)]
    shorts = [short_text(rng) for _ in range(500)] + [ad.split("\n")[0] for ad in ads]
    sets = {
        "documents": (docs, embeddings.embed_documents),
        "shorts": (shorts, embeddings.embed_texts),
    }
    print(f"held out: {len(ads)} demo job ads + 60 resumes (seed 4242); {len(shorts)} short texts")
    for name, (texts, embed) in sets.items():
        want = embed(texts, backend="torch", num_threads=THREADS)
        for backend in backends:
            cos = np.sum(embed(texts, backend=backend, num_threads=THREADS) * want, axis=1)
            print(f"  {name:9} {backend:10} min cos {cos.min():.5f}  mean {cos.mean():.5f}")
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--shorts", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--backends", default="torch,onnx,onnx-int8")
    args = parser.parse_args()
    backends = args.backends.split(",")
    assert backends[0] == "torch", "torch comes first: it is the reference"

    rng = random.Random(20261126)
    docs = [resume(rng) for _ in range(args.docs)]
    shorts = [short_text(rng) for _ in range(args.shorts)]
    tokenizer = embeddings._tokenizer()
    windows = [w for d in docs for w in embeddings.split_windows(d)]
    doc_tokens = sum(min(len(e.ids), 254) + 2 for e in tokenizer.encode_batch(windows, False))
    short_tokens = sum(min(len(e.ids), 254) + 2 for e in tokenizer.encode_batch(shorts, False))
    print(
        f"{len(docs)} documents ({np.mean([len(d.split()) for d in docs]):.0f} words avg) "
        f"-> {len(windows)} windows, {doc_tokens} tokens; "
        f"{len(shorts)} short texts, {short_tokens} tokens; {THREADS} threads\n"
    )

    opts = {"num_threads": THREADS}
    for backend in backends:  # build/load artefacts and warm up outside the timings
        embeddings.embed_texts(shorts[:8], backend=backend, **opts)

    times: dict[str, dict[str, list[float]]] = {b: {"docs": [], "shorts": []} for b in backends}
    vectors: dict[str, dict[str, np.ndarray]] = {b: {} for b in backends}
    for _ in range(args.repeats):
        for backend in backends:
            seconds, out = _timed(embeddings.embed_documents, docs, backend=backend, **opts)
            times[backend]["docs"].append(seconds)
            vectors[backend]["docs"] = out
            seconds, out = _timed(embeddings.embed_texts, shorts, backend=backend, **opts)
            times[backend]["shorts"].append(seconds)
            vectors[backend]["shorts"] = out

    header = (
        f"{'backend':10} | {'docs/s':>7} {'windows/s':>9} {'tokens/s':>8} {'x':>5} | "
        f"{'short/s':>7} {'tokens/s':>8} {'x':>5} | {'min cos':>7} {'mean cos':>8} "
        f"{'1-min':>7}"
    )
    print(header)
    print("-" * len(header))

    def speedup(backend: str, kind: str) -> float:
        """Median over rounds of torch's time / this backend's time in the same round."""
        pairs = zip(times["torch"][kind], times[backend][kind], strict=True)
        return statistics.median(base / mine for base, mine in pairs)

    for backend in backends:
        t_docs = statistics.median(times[backend]["docs"])
        t_shorts = statistics.median(times[backend]["shorts"])
        cos = np.concatenate(
            [np.sum(vectors[backend][k] * vectors["torch"][k], axis=1) for k in ("docs", "shorts")]
        )
        print(
            f"{backend:10} | {len(docs) / t_docs:7.2f} {len(windows) / t_docs:9.1f} "
            f"{doc_tokens / t_docs:8.0f} {speedup(backend, 'docs'):5.2f} | "
            f"{len(shorts) / t_shorts:7.1f} {short_tokens / t_shorts:8.0f} "
            f"{speedup(backend, 'shorts'):5.2f} | {cos.min():7.5f} {cos.mean():8.5f} "
            f"{1 - cos.min():7.5f}"
        )
    print(
        f"\ntexts/s from the median of {args.repeats} interleaved runs; x = median of the "
        "per-run speed-ups over torch; cosines over documents and short texts vs torch"
    )
    raw = {b: {k: [round(s, 2) for s in v] for k, v in t.items()} for b, t in times.items()}
    print(f"raw seconds per run: {raw}\n")
    _held_out(backends[1:])

    print(f"{'backend':10} | {'cold load+first embed s':>23} | {'peak RSS MB':>11} | torch loaded")
    for backend in backends:
        cold = _cold_start(backend)
        print(f"{backend:10} | {cold['load_s']:23.2f} | {cold['rss_mb']:11.0f} | {cold['torch']}")


if __name__ == "__main__":
    main()
