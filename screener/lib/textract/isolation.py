"""Run extraction in a pooled, killable worker process with a memory cap.

By default the work happens in a pooled worker process started from a ``forkserver`` (a
clean process that preloads :mod:`screener.lib.textract` once; workers are reused for up
to 200 files, at most 4 kept idle).  The caller waits at most ``time_limit_seconds`` for
the answer and otherwise SIGKILLs that worker (a fresh one is started for the next file),
so a pathological file cannot hang the web/queue worker.  Each worker also has an
address-space cap (``max_memory_bytes``) so a decompression bomb fails with a clean error.
Cost: about 1 ms per file (pickling the bytes through a pipe) once a worker is warm; the
first call pays the forkserver and worker start (a few hundred ms).
"""

from __future__ import annotations

import logging
import multiprocessing
import multiprocessing.connection
import os
import threading
from typing import Any

from screener.lib.textract.errors import (
    ExtractionError,
    ExtractionFailedError,
    ExtractionTimeoutError,
)
from screener.lib.textract.results import ExtractedText, ExtractionLimits, Extractor

logger = logging.getLogger(__name__)

# Each extraction runs in a worker process started from a forkserver (a clean process
# that imported the textract package once).  Workers are reused for up to
# _MAX_JOBS_PER_WORKER files so the per-file cost is a pickle round trip, not a process
# start.  A worker that exceeds the time limit is killed (SIGKILL) and replaced; a worker
# that crashed or hit the memory cap is discarded.  Each worker has an RLIMIT_AS cap.

_START_METHOD = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
_CONTEXT = multiprocessing.get_context(_START_METHOD)
_MAX_JOBS_PER_WORKER = 200
_MAX_IDLE_WORKERS = 4
_PRELOAD = __name__.rpartition(".")[0]  # the whole package: every reader imported once
_Message = tuple[str, Any, bool]  # (status "ok"/"err", payload, worker still usable)


class _WorkerLost(Exception):
    """The worker died before answering."""


class _WorkerTimeout(Exception):
    """The worker did not answer in time (not an OSError, unlike TimeoutError)."""


class _Worker:
    """One long-lived extraction process talking over a duplex pipe."""

    def __init__(self, max_memory_bytes: int | None) -> None:
        self.max_memory_bytes = max_memory_bytes
        self.jobs = 0
        self.conn, child_conn = _CONTEXT.Pipe(duplex=True)
        self.process = _CONTEXT.Process(
            target=_worker_main, args=(child_conn, max_memory_bytes), daemon=True
        )
        self.process.start()
        child_conn.close()

    def run(self, job: tuple[Extractor, bytes, str, ExtractionLimits], timeout: float) -> _Message:
        """Send a job; return the reply or raise :class:`_WorkerTimeout`/:class:`_WorkerLost`."""
        self.jobs += 1
        try:
            self.conn.send(job)
            answered = self.conn.poll(timeout)
            if answered:
                return self.conn.recv()
        except (EOFError, OSError) as exc:
            raise _WorkerLost from exc
        raise _WorkerTimeout

    def kill(self) -> None:
        """Terminate at once (SIGKILL) and collect the process."""
        self.conn.close()
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)

    def stop(self) -> None:
        """Ask the worker to exit by closing its pipe; kill it if it lingers."""
        self.conn.close()
        self.process.join(timeout=1)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(timeout=5)


class _WorkerPool:
    """Thread-safe pool of idle workers keyed by their memory cap."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._idle: list[_Worker] = []
        self._preloaded = False

    def acquire(self, max_memory_bytes: int | None) -> _Worker:
        with self._lock:
            for index, worker in enumerate(self._idle):
                if worker.max_memory_bytes == max_memory_bytes:
                    return self._idle.pop(index)
            if not self._preloaded and _START_METHOD == "forkserver":
                _CONTEXT.set_forkserver_preload([_PRELOAD])
                self._preloaded = True
        return _Worker(max_memory_bytes)

    def release(self, worker: _Worker) -> None:
        reusable = worker.process.is_alive() and worker.jobs < _MAX_JOBS_PER_WORKER
        with self._lock:
            if reusable and len(self._idle) < _MAX_IDLE_WORKERS:
                self._idle.append(worker)
                return
        worker.stop()


_POOL = _WorkerPool()


def run_isolated(
    work: Extractor,
    data: bytes,
    filename: str,
    limits: ExtractionLimits,
    time_limit_seconds: float,
    max_memory_bytes: int | None,
) -> ExtractedText:
    """Run ``work`` in a pooled worker; kill the worker after ``time_limit_seconds``."""
    worker = _POOL.acquire(max_memory_bytes)
    try:
        status, payload, usable = worker.run((work, data, filename, limits), time_limit_seconds)
    except _WorkerTimeout:
        logger.warning(
            "textract: %s exceeded %ss, killing worker pid %s",
            filename,
            time_limit_seconds,
            worker.process.pid,
        )
        worker.kill()
        raise ExtractionTimeoutError(
            f"extraction took longer than {time_limit_seconds:g} s"
        ) from None
    except _WorkerLost:
        worker.kill()
        raise ExtractionFailedError("the file could not be read (the reader crashed)") from None
    if usable:
        _POOL.release(worker)
    else:
        worker.kill()
    if status == "ok":
        return payload
    raise payload


def _worker_main(conn: multiprocessing.connection.Connection, max_memory_bytes: int | None) -> None:
    """Worker loop: cap memory, then answer jobs until the pipe closes."""
    _limit_memory(max_memory_bytes)
    while True:
        try:
            work, data, filename, limits = conn.recv()
        except (EOFError, OSError):
            return
        message = _run_job(work, data, filename, limits)
        conn.send(message)
        if not message[2]:
            return


def _run_job(work: Extractor, data: bytes, filename: str, limits: ExtractionLimits) -> _Message:
    """Run one extraction; never raises (errors become messages)."""
    try:
        return ("ok", work(data, filename, limits), True)
    except ExtractionError as exc:
        return ("err", exc, True)
    except MemoryError:
        return ("err", ExtractionFailedError("file needs too much memory to read"), False)
    except Exception as exc:
        logger.exception("textract: unexpected failure reading %s", filename)
        reason = f"the file could not be read ({type(exc).__name__})"
        return ("err", ExtractionFailedError(reason), False)


def _limit_memory(max_memory_bytes: int | None) -> None:
    """Cap this process's address space (POSIX only)."""
    if max_memory_bytes is None or os.name != "posix":
        return
    import resource

    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        max_memory_bytes = min(max_memory_bytes, hard)
    resource.setrlimit(resource.RLIMIT_AS, (max_memory_bytes, hard))
