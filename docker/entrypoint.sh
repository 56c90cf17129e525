#!/bin/sh
# Entrypoint of the Screener image (also runs from a checkout, with the venv on PATH):
#   web [GUNICORN_OPTIONS...]  apply migrations under a PostgreSQL advisory lock, then serve
#                              with gunicorn on 0.0.0.0:$PORT (8000), $WEB_CONCURRENCY (3)
#                              processes
#   worker                     a django-q2 cluster (`manage.py qcluster`, $Q_WORKERS processes)
#   manage COMMAND [ARGS...]   any management command, e.g. `manage createsuperuser`
#   health                     the container's health check: GET /healthz in a web container,
#                              `manage.py healthcheck` in a worker one, nothing otherwise
set -eu
cd "$(dirname "$0")/.."
ROLE_FILE="${TMPDIR:-/tmp}/screener-role" # which mode this container runs, for `health`

mode="${1:-web}"
[ "$#" -gt 0 ] && shift
case "$mode" in
web)
	echo web >"$ROLE_FILE"
	python manage.py migrate_locked
	exec gunicorn screener.wsgi \
		--bind "0.0.0.0:${PORT:-8000}" \
		--workers "${WEB_CONCURRENCY:-3}" \
		--timeout 120 \
		--access-logfile - \
		"$@"
	;;
worker)
	echo worker >"$ROLE_FILE"
	exec python manage.py qcluster
	;;
manage)
	exec python manage.py "$@"
	;;
health)
	case "$(cat "$ROLE_FILE" 2>/dev/null || true)" in
	web) exec python docker/healthcheck.py ;;
	worker) exec python manage.py healthcheck ;;
	*) exit 0 ;; # a one-off `manage` container serves nothing
	esac
	;;
*)
	echo "usage: entrypoint.sh web [GUNICORN_OPTIONS...] | worker | manage COMMAND [ARGS...] | health" >&2
	exit 64
	;;
esac
