"""django-q2 tasks and Run handlers for jobs."""
