"""Run by test_limiter in separate processes: acquire N slots and print when each was granted."""

import os
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "screener.settings")
django.setup()

from llm.limiter import get_limiter  # noqa: E402

if __name__ == "__main__":
    model, count, tokens = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    limiter = get_limiter(model)
    for _ in range(count):
        limiter.acquire(tokens)
        sys.stdout.write(f"{time.time():.4f}\n")
        sys.stdout.flush()
