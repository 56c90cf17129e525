"""The embedded server is shared by processes, and pgvector works end to end."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
from django.conf import settings
from django.db import connection
from pgvector.psycopg import register_vector

from screener.lib.embedded_pg import stop_server

ROOT = Path(__file__).resolve().parents[2]
embedded_only = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "screener.embedded_db",
    reason="DATABASE_URL is set: the embedded server is not in use",
)

_START = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from screener.lib.embedded_pg import ensure_server
    from pgserver.utils import PostmasterInfo
    ensure_server(Path(sys.argv[1]))
    print(PostmasterInfo.read_from_pgdata(Path(sys.argv[1])).pid)
    """
)


def _start_in_subprocess(pgdata: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", _START, str(pgdata)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.slow
@embedded_only
def test_it_starts_one_server_shared_by_two_processes(tmp_path: Path) -> None:
    pgdata = tmp_path / "pg"
    first, second = _start_in_subprocess(pgdata), _start_in_subprocess(pgdata)
    try:
        pids = {int(p.communicate(timeout=120)[0].strip()) for p in (first, second)}
        assert len(pids) == 1, "both processes must reuse the same postmaster"
        third = _start_in_subprocess(pgdata)
        assert int(third.communicate(timeout=60)[0].strip()) in pids
    finally:
        stop_server(pgdata)


@pytest.mark.slow
@embedded_only
def test_it_restarts_after_a_crash_left_a_stale_pid_file(tmp_path: Path) -> None:
    pgdata = tmp_path / "pg"
    first = _start_in_subprocess(pgdata)
    old_pid = int(first.communicate(timeout=120)[0].strip())
    subprocess.run(["kill", "-9", str(old_pid)], check=True)
    try:
        again = _start_in_subprocess(pgdata)
        out, err = again.communicate(timeout=120)
        assert again.returncode == 0, err
        assert int(out.strip()) != old_pid
    finally:
        stop_server(pgdata)


@pytest.mark.django_db
def test_it_round_trips_a_pgvector_column() -> None:
    vector = np.array([0.25, -1.5, 3.0], dtype=np.float32)
    connection.ensure_connection()
    register_vector(connection.connection)
    with connection.cursor() as cur:
        cur.execute("CREATE TEMP TABLE vec_probe (id int, v vector(3))")
        cur.execute("INSERT INTO vec_probe VALUES (1, %s), (2, '[1,0,0]')", [vector])
        cur.execute("SELECT v, v <=> '[1,0,0]'::vector FROM vec_probe ORDER BY id")
        rows = cur.fetchall()
    assert np.array_equal(rows[0][0].to_numpy(), vector)
    assert rows[1][1] == pytest.approx(0.0)
    assert rows[0][1] > 0.5


@pytest.mark.django_db
def test_it_has_the_vector_extension_from_a_migration() -> None:
    with connection.cursor() as cur:
        cur.execute("SELECT extversion FROM pg_extension WHERE extname = 'vector'")
        (version,) = cur.fetchone()
    assert version.startswith("0.")


@embedded_only
def test_dbshell_reaches_the_embedded_server_not_the_machines_postgres(db) -> None:  # noqa: ANN001
    """On-call engineers get a psql prompt on our database (PostgreSQL 16 with pgvector)."""
    import os

    env = {**os.environ, "EMBEDDED_PG_DB": connection.settings_dict["NAME"]}
    sql = "SELECT current_database(), extversion FROM pg_extension WHERE extname = 'vector'"
    result = subprocess.run(
        [sys.executable, "manage.py", "dbshell", "--", "-At", "-c", sql],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"{connection.settings_dict['NAME']}|0.6.2"
