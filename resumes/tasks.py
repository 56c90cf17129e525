"""django-q2 tasks and Run handlers for resume ingestion and recovery."""
