"""Can this process do its work? The database and the task broker, for ``/healthz`` and
``manage.py healthcheck`` (the containers' health checks).

Promises: every check is bounded in time (a few seconds), the report says only ``ok`` or
``unreachable`` per dependency (never a host, URL, user or error text: the endpoint is
public), and the reason of a failure goes to the log instead.
"""

from __future__ import annotations

import logging

import redis
from django.conf import settings
from django.db import connections

logger = logging.getLogger(__name__)

OK, UNREACHABLE = "ok", "unreachable"
REDIS_TIMEOUT = 2.0  # seconds to connect to / hear back from Redis


def database_status() -> str:
    """``ok`` when ``SELECT 1`` answers on the default database."""
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    # Any failure at all (driver, embedded server start-up, DNS) means "not healthy": the
    # cause is logged, and the next request opens a fresh connection.
    except Exception:
        logger.warning("health: the database is unreachable", exc_info=True)
        connections["default"].close_if_unusable_or_obsolete()
        return UNREACHABLE
    return OK


def broker_status(database: str) -> str:
    """``ok`` when the django-q2 broker answers: Redis when REDIS_URL is set, else the database."""
    if not settings.REDIS_URL:
        return database  # the ORM broker keeps its queue in the database
    client = redis.Redis.from_url(
        settings.REDIS_URL, socket_connect_timeout=REDIS_TIMEOUT, socket_timeout=REDIS_TIMEOUT
    )
    try:
        client.ping()
    except redis.RedisError:
        logger.warning("health: the Redis broker is unreachable", exc_info=True)
        return UNREACHABLE
    finally:
        client.close()
    return OK


def report() -> dict[str, str]:
    """``{"status": "ok"|"unavailable", "database": ..., "broker": ...}``."""
    database = database_status()
    broker = broker_status(database)
    status = OK if database == broker == OK else "unavailable"
    return {"status": status, "database": database, "broker": broker}
