"""Admin registrations of the resumes app live in two modules, one per capability."""

from resumes import admin_resumes  # noqa: F401 - imported to register
