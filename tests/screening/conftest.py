"""Fixtures of the screening tests: the resume tests' uploaded files go to a tmp dir too."""

from tests.resumes.conftest import _media_in_tmp  # noqa: F401 - autouse fixture
