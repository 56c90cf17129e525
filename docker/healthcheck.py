"""Health check of a web container: GET /healthz from this container's gunicorn; exit 0 on 200.

Standard library only (it runs every 30 s, so no Django start-up). It sends a Host header that
Django accepts (the first concrete ALLOWED_HOSTS entry) and, when HTTPS=true, the
``X-Forwarded-Proto: https`` a TLS proxy would add, so neither host validation nor the https
redirect answers in place of the view. Reads only ALLOWED_HOSTS, HTTPS and PORT.
"""

from __future__ import annotations

import http.client
import os
import sys

TIMEOUT = 8.0  # below the image's HEALTHCHECK --timeout


def host_header() -> str:
    """The first ALLOWED_HOSTS entry that names a host (".example.com" -> "example.com")."""
    for entry in os.environ.get("ALLOWED_HOSTS", "localhost").split(","):
        name = entry.strip().lstrip(".")
        if name and name != "*":
            return name
    return "localhost"


def probe(port: int) -> tuple[int, str]:
    """Status and body of GET /healthz on 127.0.0.1:``port``."""
    headers = {"Host": host_header()}
    if os.environ.get("HTTPS", "false").strip().lower() in {"1", "true", "yes", "on"}:
        headers["X-Forwarded-Proto"] = "https"
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
    try:
        conn.request("GET", "/healthz", headers=headers)
        response = conn.getresponse()
        return response.status, response.read(2000).decode("utf-8", "replace")
    finally:
        conn.close()


def main() -> int:
    try:
        status, body = probe(int(os.environ.get("PORT", "8000")))
    except OSError as exc:
        sys.stderr.write(f"healthz: no answer ({exc})\n")
        return 1
    sys.stdout.write(f"healthz: {status} {body}\n")
    return 0 if status == 200 else 1


if __name__ == "__main__":
    sys.exit(main())
