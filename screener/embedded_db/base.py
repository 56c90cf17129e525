"""Django database backend: PostgreSQL, started on demand from ``pgserver``.

Identical to ``django.db.backends.postgresql`` except that, before every new
connection, it makes sure the embedded server in ``settings_dict["PGDATA"]`` runs
and that the application database exists. Because the check happens per
connection (not at import), a server stopped mid-run is started again when the
next connection is made.
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path
from typing import Any

import psycopg
from django.db.backends.postgresql import base, client

from screener.lib.embedded_pg import ServerAddress, ensure_server, psql_path

logger = logging.getLogger(__name__)


class DatabaseClient(client.DatabaseClient):
    """``manage.py dbshell``: the embedded server's own psql, on its socket."""

    @classmethod
    def settings_to_cmd_args_env(
        cls, settings_dict: dict[str, Any], parameters: list[str]
    ) -> tuple[list[str], dict[str, str] | None]:
        address = ensure_server(Path(settings_dict["PGDATA"]))
        located = {
            **settings_dict,
            "HOST": address.socket_dir,
            "PORT": address.port,
            "USER": address.user,
            "PASSWORD": "",
        }
        args, env = super().settings_to_cmd_args_env(located, parameters)
        return [psql_path(), *args[1:]], env


class DatabaseWrapper(base.DatabaseWrapper):
    """PostgreSQL backend whose server is the embedded one."""

    client_class = DatabaseClient

    def get_connection_params(self) -> dict[str, Any]:
        address = ensure_server(Path(self.settings_dict["PGDATA"]))
        params = super().get_connection_params()
        params.update(host=address.socket_dir, port=address.port, user=address.user)
        params.pop("password", None)
        if params.get("dbname") and params["dbname"] != "postgres":
            _ensure_database(address, params["dbname"])
        return params


@functools.cache
def _ensure_database(address: ServerAddress, name: str) -> None:
    """Create database ``name`` once per process if it does not exist yet."""
    with psycopg.connect(
        host=address.socket_dir,
        port=address.port,
        user=address.user,
        dbname="postgres",
        autocommit=True,
    ) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists:
            return
        try:
            conn.execute(f'CREATE DATABASE "{name}"')
            logger.info("created database %s in the embedded server", name)
        except psycopg.errors.DuplicateDatabase:
            pass  # another process created it between our check and our CREATE
