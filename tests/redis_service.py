"""The Redis the tests that need a real one use (LMS_TEST_REDIS_URL), and whether it answers."""

import os
import socket
from urllib.parse import urlparse

import pytest

REDIS_URL = os.environ.get("LMS_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def redis_answers(url: str = REDIS_URL) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname, parsed.port or 6379), timeout=1):
            return True
    except OSError:
        return False


def skip_without_redis() -> None:
    if not redis_answers():
        pytest.skip(f"Redis does not answer at {REDIS_URL}")
