"""Start and reuse the embedded PostgreSQL 16 + pgvector server shipped by ``pgserver``.

Every process (web server, workers, management commands, tests) calls
:func:`ensure_server`; the first one starts ``postgres`` in the data folder, the
others find it running through its ``postmaster.pid``. ``pgserver`` serialises
start-up with an inter-process file lock and restarts a server whose pid file is
stale (a crash), so a second caller never starts a second server on the same data.
The server listens on a Unix socket only (no TCP port) and keeps running after the
process that started it exits; ``make stop`` (``manage.py embedded_db stop``) stops it.
"""

from __future__ import annotations

import logging
import subprocess
import threading
import warnings
from dataclasses import dataclass
from pathlib import Path

logger = logging.getLogger(__name__)

_start_lock = threading.Lock()


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
            server = _get_server(pgdata)
        except (subprocess.SubprocessError, OSError, AssertionError) as exc:
            raise EmbeddedDatabaseError(
                f"could not start the embedded PostgreSQL in {pgdata}: {exc}. "
                f"See {pgdata / 'log'}; if another copy of the app is stuck, run "
                "`make stop`, or delete that folder to start from an empty database."
            ) from exc
        info = server.get_postmaster_info()
        return ServerAddress(socket_dir=str(info.socket_dir), port=int(info.port or 5432))


def _get_server(pgdata: Path):
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (root, CI); /tmp is fine for a lock.
        warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
        import pgserver  # lazily: importing it is slow and only the embedded mode needs it

    _discard_stale_pid_file(pgdata)
    server = pgserver.get_server(pgdata, cleanup_mode=None)
    info = server.get_postmaster_info()
    if not info.is_running():
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
