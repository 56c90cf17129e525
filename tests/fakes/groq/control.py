"""``POST /_fake/control``: script a running fake from another process.

Body ``{"action": ..., ...}``. Actions: ``inject`` (kind, count, seconds, retry_after, message,
purpose, finish_reason), ``clear_faults``, ``configure`` (rpm, rpd, tpm, tpd, time_scale;
resets usage), ``exhaust_daily`` (reset_in_seconds, kind), ``set_response`` (purpose, content;
static answer), ``clear_response`` (purpose), ``reset``, ``clear_log``, ``stats``,
``requests`` (the log; ``include_bodies`` default true), ``headers``.
Answers ``{"ok": true, ...}`` or 400 ``{"ok": false, "error": ...}``.
"""

from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING, Any

from .schemas import JSON

if TYPE_CHECKING:
    from .server import FakeGroqServer

logger = logging.getLogger(__name__)


def control(fake: FakeGroqServer, raw: bytes) -> tuple[int, JSON]:
    """Apply one control command; returns (HTTP status, answer)."""
    try:
        cmd = json.loads(raw or b"{}")
        if not isinstance(cmd, dict):
            raise ValueError("body must be a JSON object")
        action = cmd.get("action")
        result = _apply(fake, action, cmd)
    except (KeyError, TypeError, ValueError) as exc:
        return 400, {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
    logger.info("control: %s", action)
    return 200, result


def _apply(fake: FakeGroqServer, action: Any, cmd: JSON) -> JSON:
    result: JSON = {"ok": True}
    if action == "inject":
        fake.inject(
            cmd["kind"],
            int(cmd.get("count", 1)),
            seconds=cmd.get("seconds"),
            retry_after=cmd.get("retry_after"),
            message=cmd.get("message"),
            purpose=cmd.get("purpose"),
            finish_reason=cmd.get("finish_reason", "length"),
        )
    elif action == "clear_faults":
        fake.clear_faults()
    elif action == "configure":
        fake.configure(
            rpm=cmd.get("rpm"),
            rpd=cmd.get("rpd"),
            tpm=cmd.get("tpm"),
            tpd=cmd.get("tpd"),
            time_scale=cmd.get("time_scale"),
        )
    elif action == "exhaust_daily":
        fake.exhaust_daily(float(cmd["reset_in_seconds"]), cmd.get("kind", "rpd"))
    elif action == "set_response":
        fake.set_static_response(str(cmd["purpose"]), cmd["content"])
    elif action == "clear_response":
        fake.set_responder(str(cmd["purpose"]), None)
    elif action == "reset":
        fake.reset()
    elif action == "clear_log":
        fake.clear_log()
    elif action == "stats":
        result["stats"] = {str(k): v for k, v in fake.stats().items()}
        result["pending_faults"] = len(fake.pending_faults())
    elif action == "requests":
        include = bool(cmd.get("include_bodies", True))
        rows = [r.to_dict() for r in fake.requests]
        if not include:
            for row in rows:
                row.pop("body", None)
        result["requests"] = rows
    elif action == "headers":
        result["headers"] = fake.rate_limit_headers()
    else:
        raise ValueError(f"unknown action {action!r}")
    return result
