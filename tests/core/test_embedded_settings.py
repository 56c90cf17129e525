"""The embedded server runs with our settings: a new data folder from its first start, an
existing one once ALTER SYSTEM has written them (restart-only ones after a restart)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from screener.lib import embedded_pg
from screener.lib.embedded_pg import ServerAddress, ensure_server, server_settings, stop_server


def _connect(address: ServerAddress) -> psycopg.Connection:
    return psycopg.connect(
        host=address.socket_dir,
        port=address.port,
        user=address.user,
        dbname="postgres",
        autocommit=True,
    )


def _in_effect(address: ServerAddress) -> dict[str, bool]:
    with _connect(address) as conn:
        return {
            name: bool(
                conn.execute(
                    "SELECT CASE WHEN %s = 'jit' THEN current_setting(%s) = %s"
                    " ELSE pg_size_bytes(current_setting(%s)) = pg_size_bytes(%s) END",
                    [name, name, value, name, value],
                ).fetchone()[0]
            )
            for name, value in server_settings().items()
        }


@pytest.fixture
def pgdata(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "pg"
    try:
        yield folder
    finally:
        stop_server(folder)
        embedded_pg._configured.discard(folder)


def test_it_sizes_the_buffer_cache_from_ram_within_bounds() -> None:
    settings = server_settings()
    buffers_mb = int(settings["shared_buffers"].removesuffix("MB"))
    assert 128 <= buffers_mb <= 1024
    assert settings["jit"] == "off"


@pytest.mark.slow
def test_it_starts_a_new_data_folder_with_the_settings_in_effect(pgdata: Path) -> None:
    address = ensure_server(pgdata)
    assert _in_effect(address) == {name: True for name in server_settings()}


@pytest.mark.slow
def test_it_rewrites_settings_removed_from_an_existing_server(pgdata: Path) -> None:
    address = ensure_server(pgdata)
    with _connect(address) as conn:
        conn.execute("ALTER SYSTEM RESET ALL")
        conn.execute("SELECT pg_reload_conf()")
    embedded_pg._configured.discard(pgdata)  # as a new process would find it

    ensure_server(pgdata)

    auto_conf = (pgdata / "postgresql.auto.conf").read_text()
    for name, value in server_settings().items():
        assert f"{name} = '{value}'" in auto_conf
    stop_server(pgdata)
    embedded_pg._configured.discard(pgdata)
    assert _in_effect(ensure_server(pgdata)) == {name: True for name in server_settings()}


@pytest.mark.slow
def test_it_reports_a_restart_only_setting_that_waits_for_a_restart(pgdata: Path) -> None:
    address = ensure_server(pgdata)
    with _connect(address) as conn:
        conn.execute("ALTER SYSTEM SET shared_buffers = '16MB'")
    stop_server(pgdata)
    embedded_pg._configured.discard(pgdata)
    address = ensure_server(pgdata)  # not new: runs with 16 MB, our value written for later

    assert _in_effect(address)["shared_buffers"] is False
    assert embedded_pg.apply_server_settings(address) is True
