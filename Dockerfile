# Production-style image: gunicorn serves the app; run `manage.py qcluster` from the same
# image for workers. Point DATABASE_URL at a PostgreSQL with pgvector (the embedded server
# is for a single machine).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
WORKDIR /app

COPY requirements.txt .
RUN pip install --no-cache-dir --extra-index-url https://download.pytorch.org/whl/cpu \
        -r requirements.txt

COPY . .
RUN useradd --create-home screener && mkdir -p var && chown -R screener var
USER screener
RUN SECRET_KEY=build-only python manage.py collectstatic --noinput

EXPOSE 8000
CMD ["gunicorn", "screener.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3"]
