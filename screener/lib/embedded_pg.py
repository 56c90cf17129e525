"""Start and reuse the embedded PostgreSQL 16 + pgvector server shipped by ``pgserver``.

Every process (web server, workers, management commands, tests) calls
:func:`ensure_server`; the first one starts ``postgres`` in the data folder, the
others find it running through its ``postmaster.pid``. ``pgserver`` serialises
start-up with an inter-process file lock and restarts a server whose pid file is
stale (a crash), so a second caller never starts a second server on the same data.
The server listens on a Unix socket only (no TCP port) and keeps running after the
process that started it exits; ``make stop`` (``manage.py embedded_db stop``) stops it.

Server settings: :func:`server_settings` (a larger buffer cache, so the 200 MB HNSW index of
100,000 job vectors stays in memory) is written with ``ALTER SYSTEM`` the first time each
process reaches the server, so an existing data folder gets it too. Reloadable settings
apply at once; ``shared_buffers`` from the next start. A data folder this process has just
created is restarted once, under a file lock that other starters wait on, so it runs with
them from the start.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import subprocess
import threading
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

logger = logging.getLogger(__name__)

_start_lock = threading.Lock()
_configured: set[Path] = set()  # data folders this process has applied server_settings() to


class EmbeddedDatabaseError(RuntimeError):
    """The embedded server could not be started; the message says what to do."""


@dataclass(frozen=True)
class ServerAddress:
    """Where to reach the embedded server: a socket directory and a port number."""

    socket_dir: str
    port: int
    user: str = "postgres"


def ensure_server(pgdata: Path) -> ServerAddress:
    """Return the address of a running server on ``pgdata``, starting it if needed."""
    with _start_lock:
        pgdata.parent.mkdir(parents=True, exist_ok=True)
        try:
            if pgdata in _configured:
                return _address(_get_server(pgdata))
            with _interprocess_lock(pgdata):
                return _start_configured(pgdata)
        except (subprocess.SubprocessError, OSError, AssertionError) as exc:
            raise EmbeddedDatabaseError(
                f"could not start the embedded PostgreSQL in {pgdata}: {exc}. "
                f"See {pgdata / 'log'}; if another copy of the app is stuck, run "
                "`make stop`, or delete that folder to start from an empty database."
            ) from exc


def _address(server) -> ServerAddress:
    info = server.get_postmaster_info()
    return ServerAddress(socket_dir=str(info.socket_dir), port=int(info.port or 5432))


def _start_configured(pgdata: Path) -> ServerAddress:
    """Start (or find) the server and apply :func:`server_settings` to it, once per process."""
    fresh = not (pgdata / "PG_VERSION").exists()
    server = _get_server(pgdata)
    address = _address(server)
    if apply_server_settings(address) and fresh:
        # Only this process can know the folder is new; the lock keeps others out meanwhile.
        stop_server(pgdata)
        server.ensure_postgres_running()
        address = _address(server)
    _configured.add(pgdata)
    return address


@contextlib.contextmanager
def _interprocess_lock(pgdata: Path) -> Iterator[None]:
    """Serialise start-up and configuration across processes (released if one dies)."""
    with open(pgdata.parent / f".{pgdata.name}.start.lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def server_settings() -> dict[str, str]:
    """Settings applied to the embedded server, as ``postgresql.conf`` spells them.

    * ``shared_buffers``: 1/8 of RAM, 128 MB to 1 GB. At the default 128 MB a 100,000-job
      HNSW index (about 200 MB) plus the rows it points at do not fit, and each
      recommendation query re-reads ~500 pages from the OS cache: about 5x slower.
    * ``effective_cache_size``: half of RAM (at most 8 GB), for the planner's index costs.
    * ``jit = off``: compiling a query costs tens of ms, more than any query this app runs
      takes (this pgserver build has no LLVM, so today it only guards other builds).
    """
    import psutil

    ram_mb = psutil.virtual_memory().total // 2**20
    return {
        "shared_buffers": f"{min(1024, max(128, ram_mb // 8))}MB",
        "effective_cache_size": f"{min(8192, max(512, ram_mb // 2))}MB",
        "jit": "off",
    }


def apply_server_settings(address: ServerAddress) -> bool:
    """Write :func:`server_settings` with ALTER SYSTEM where they differ, then reload.

    Returns whether a setting that needs a restart (``shared_buffers``) still waits for one.
    A failure is logged, never raised: the server works without these settings.
    """
    import psycopg

    wanted = server_settings()
    try:
        with psycopg.connect(
            host=address.socket_dir,
            port=address.port,
            user=address.user,
            dbname="postgres",
            autocommit=True,
        ) as conn:
            return _alter_system(conn, wanted)
    except psycopg.Error as exc:
        logger.warning("could not apply the embedded server settings: %s", exc)
        return False


def _alter_system(conn, wanted: dict[str, str]) -> bool:
    rows = conn.execute(
        "SELECT name, setting FROM pg_file_settings WHERE sourcefile LIKE '%postgresql.auto.conf'"
    ).fetchall()
    written = dict(rows)
    stale = [name for name, value in wanted.items() if written.get(name) != value]
    for name in stale:  # names and values are ours (server_settings), never user input
        conn.execute(f"ALTER SYSTEM SET {name} = '{wanted[name]}'")
    if stale:
        conn.execute("SELECT pg_reload_conf()")
        logger.info("embedded server settings written: %s", ", ".join(stale))
    pending = [name for name in _restart_only(conn, wanted) if not _in_effect(conn, name, wanted)]
    if pending:
        logger.info("%s apply when the embedded server restarts (`make stop`)", pending)
    return bool(pending)


def _restart_only(conn, wanted: dict[str, str]) -> list[str]:
    sql = "SELECT name FROM pg_settings WHERE context = 'postmaster' AND name = ANY(%s)"
    return [name for (name,) in conn.execute(sql, [list(wanted)]).fetchall()]


def _in_effect(conn, name: str, wanted: dict[str, str]) -> bool:
    # The restart-only settings we write are sizes; compare them in bytes ("1GB" = "1024MB").
    sql = "SELECT pg_size_bytes(current_setting(%s)) = pg_size_bytes(%s)"
    return bool(conn.execute(sql, [name, wanted[name]]).fetchone()[0])


def _get_server(pgdata: Path):
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (root, CI); /tmp is fine for a lock.
        warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
        import pgserver  # lazily: importing it is slow and only the embedded mode needs it

    _discard_stale_pid_file(pgdata)
    server = pgserver.get_server(pgdata, cleanup_mode=None)
    info = server.get_postmaster_info()
    if not info.is_running() or not (pgdata / "postmaster.pid").exists():
        # No pid file: stopped, even if the cached handle's postmaster lingers as our zombie.
        # The handle is cached per process; after an external stop, start it again.
        server.ensure_postgres_running()
    return server


def _discard_stale_pid_file(pgdata: Path) -> None:
    """Remove ``postmaster.pid`` left by a crashed server so a new one can start.

    pgserver (and pg_ctl) treat a pid that still exists as a live server; after a
    ``kill -9`` the postmaster may linger as a zombie until init reaps it, which
    would make us hand out a dead server.
    """
    import psutil

    pid_file = pgdata / "postmaster.pid"
    try:
        lines = pid_file.read_text().splitlines()
        pid = int(lines[0])
    except (FileNotFoundError, ValueError, IndexError):
        return
    if pid <= 0:  # written that way while a server is still starting up
        return
    try:
        alive = psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        alive = False
    if alive:
        return
    logger.warning("removing stale %s (pid %s is gone)", pid_file, pid)
    socket_dir = Path(lines[4]) if len(lines) > 4 and lines[4].strip() else pgdata
    for lock in socket_dir.glob(".s.PGSQL.*.lock"):
        # postgres refuses to start while a lock names a pid that still exists (a zombie).
        if lock.read_text().split("\n", 1)[0].strip() == str(pid):
            lock.unlink(missing_ok=True)
            Path(str(lock).removesuffix(".lock")).unlink(missing_ok=True)
    pid_file.unlink(missing_ok=True)


def stop_server(pgdata: Path) -> bool:
    """Stop the server on ``pgdata`` if one runs; return whether one was stopped."""
    from pgserver._commands import pg_ctl
    from pgserver.utils import PostmasterInfo

    info = PostmasterInfo.read_from_pgdata(pgdata)
    if info is None or not info.is_running():
        return False
    user = "pgserver" if _running_as_root() else None
    pg_ctl(["-w", "-m", "fast", "stop"], pgdata=pgdata, user=user)
    logger.info("stopped embedded PostgreSQL in %s", pgdata)
    return True


def _running_as_root() -> bool:
    import os

    return hasattr(os, "geteuid") and os.geteuid() == 0


def psql_path() -> str:
    """The psql client shipped with pgserver (same version as the embedded server)."""
    import pgserver

    return str(Path(pgserver.__file__).parent / "pginstall" / "bin" / "psql")
