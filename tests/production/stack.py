"""Throw-away parts for the production-stack tests: PostgreSQL, Redis, an SMTP server, the stack.

Every part is our own process on a free loopback port in a temporary folder, so the tests may
stop, kill and restart them without touching the machine's shared PostgreSQL and Redis. A part
whose program is missing makes the tests skip with the reason.
"""

from __future__ import annotations

import glob
import json
import os
import pwd
import re
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
from email import message_from_bytes
from email.message import Message
from pathlib import Path

import pytest
import requests

REPO = Path(__file__).resolve().parents[2]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(predicate, *, timeout: float, interval: float = 0.2, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


def _pg_bin() -> Path | None:
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if Path(folder, "initdb").exists() and Path(folder, "pg_ctl").exists():
            return Path(folder)
    found = shutil.which("initdb")
    return Path(found).parent if found else None


class Postgres:
    """A PostgreSQL cluster of our own (initdb + pg_ctl), run as `postgres` when we are root."""

    def __init__(self, folder: Path) -> None:
        self.bin = _pg_bin()
        if self.bin is None:
            pytest.skip("PostgreSQL binaries (initdb, pg_ctl) are not installed")
        self.folder = folder
        self.data = folder / "data"
        self.port = free_port()
        self.as_user: list[str] = []
        if os.geteuid() == 0:  # initdb refuses root
            try:
                pwd.getpwnam("postgres")
            except KeyError:
                pytest.skip("running as root and there is no postgres user for initdb")
            self.as_user = ["runuser", "-u", "postgres", "--"]
            shutil.chown(folder, "postgres")

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(  # noqa: S603 - PostgreSQL's own tools, fixed arguments
            [*self.as_user, *args], capture_output=True, text=True, check=check, timeout=120
        )

    def init(self) -> None:
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres")

    def start(self) -> None:
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", options,
                  "-l", str(self.folder / "postgres.log"), "-w", "-t", "60", "start")  # fmt: skip

    def stop(self) -> None:
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop",
                  check=False)  # fmt: skip

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> None:
        import psycopg  # the tests only: the application reaches PostgreSQL through Django

        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')

    def query(self, database: str, sql: str, *params):
        import psycopg  # as above

        with psycopg.connect(self.url(database), autocommit=True) as conn:
            return conn.execute(sql, params).fetchall()


class Redis:
    """A redis-server of our own, without persistence, that can be stopped and started again."""

    def __init__(self, folder: Path) -> None:
        self.binary = shutil.which("redis-server")
        if self.binary is None:
            pytest.skip("redis-server is not installed")
        self.folder = folder
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603 - redis-server, fixed arguments
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for(self._answers, timeout=20, what=f"redis on {self.port}")

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"


class Smtp:
    """An SMTP server on loopback (aiosmtpd) that keeps every message it is given."""

    def __init__(self) -> None:
        try:
            from aiosmtpd.controller import Controller  # a dev dependency, for these tests only
        except ImportError:
            pytest.skip("aiosmtpd is not installed")
        self.messages: list[Message] = []
        self.lock = threading.Lock()
        self.port = free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        message = message_from_bytes(envelope.content)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        with self.lock:
            self.messages.append(message)
        return "250 OK"

    def received(self) -> list[Message]:
        with self.lock:
            return list(self.messages)

    def start(self) -> None:
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()


class Stack:
    """bin/run-production with its environment; parts are started as their own process groups."""

    def __init__(self, folder: Path, *, database_url: str, cache_url: str, broker_url: str,
                 smtp_port: int) -> None:  # fmt: skip
        self.folder = folder
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.processes: dict[str, subprocess.Popen] = {}
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(folder),
            "LANG": "C.UTF-8",
            "DJANGO_SETTINGS_MODULE": "lms.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "WAGTAILADMIN_BASE_URL": self.base,
            # Plain HTTP on loopback: no TLS to redirect to (README, Production).
            "SECURE_SSL_REDIRECT": "0",
            "SESSION_COOKIE_SECURE": "0",
            "CSRF_COOKIE_SECURE": "0",
            "SECURE_HSTS_SECONDS": "0",
            "DATABASE_URL": database_url,
            "CACHE_URL": cache_url,
            "CELERY_BROKER_URL": broker_url,
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_port),
            "LMS_VAR_DIR": str(folder / "var"),
            "WEB_BIND": f"127.0.0.1:{self.port}",
            "WEB_CONCURRENCY": "2",
            "WEB_THREADS": "2",
            "WORKER_CONCURRENCY": "2",
            # The stack's worker leaves the imports to a worker of their own (the fault test's).
            "WORKER_QUEUES": "celery,email",
            "NOTIFICATION_OUTBOX_GRACE_SECONDS": "2",
            "NOTIFICATION_OUTBOX_SWEEP_SECONDS": "2",
            "MAPPING_IMPORT_HEARTBEAT_SECONDS": "1",
            "MAPPING_IMPORT_STALE_SECONDS": "5",
            "LOG_LEVEL": "INFO",
        }

    def run(self, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
        result = subprocess.run(  # noqa: S603 - our own scripts, fixed arguments
            list(args), cwd=REPO, env=self.env, capture_output=True, text=True, timeout=timeout
        )
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
        return result

    def start(self, name: str, *args: str, **env: str) -> subprocess.Popen:
        log = open(self.folder / f"{name}.log", "ab")  # noqa: SIM115 - closed with the process
        process = subprocess.Popen(  # noqa: S603 - our own start script
            [str(REPO / "bin" / "run-production"), *args], cwd=REPO, env=self.env | env,
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        self.processes[name] = process
        return process

    def kill(self, name: str, sig: int = signal.SIGTERM, timeout: float = 30) -> None:
        process = self.processes.pop(name, None)
        if process is None or process.poll() is not None:
            return
        try:
            os.killpg(process.pid, sig)
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
        except ProcessLookupError:
            pass

    def stop(self) -> None:
        for name in list(self.processes):
            self.kill(name)

    def log(self, name: str) -> str:
        path = self.folder / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def healthz(self) -> tuple[int, dict]:
        try:
            with urllib.request.urlopen(f"{self.base}/healthz", timeout=10) as response:  # noqa: S310 - loopback
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read())

    def wait_until_healthy(self, timeout: float = 120) -> None:
        def healthy():
            try:
                return self.healthz()[0] == 200
            except OSError:
                return False

        wait_for(healthy, timeout=timeout, interval=0.5, what="the stack's /healthz to say 200")


def temporary_folder() -> Path:
    """Under /tmp with a short path (PostgreSQL's socket path is limited), open to `postgres`."""
    folder = Path(tempfile.mkdtemp(prefix="lms-stack-"))
    folder.chmod(0o755)
    return folder


class Person:
    """A browser without JavaScript: a cookie jar, forms posted with their CSRF token."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.session = requests.Session()

    def get(self, path: str, **kwargs) -> requests.Response:
        return self.session.get(self.base + path, timeout=15, **kwargs)

    def post_form(self, path: str, data: dict, *, page: str | None = None, **kwargs):
        """Post to `path` with the CSRF token of `page` (the form's own page by default)."""
        html = self.get(page or path).text
        token = CSRF.search(html).group(1)
        return self.session.post(self.base + path, data={"csrfmiddlewaretoken": token, **data},
                                 headers={"Referer": self.base + (page or path)}, timeout=15,
                                 **kwargs)  # fmt: skip

    def log_in(self, email: str, password: str = "demo1234") -> requests.Response:  # noqa: S107
        response = self.post_form("/accounts/login/", {"login": email, "password": password})
        assert response.status_code == 200 and "/accounts/login/" not in response.url, response.url
        return response
