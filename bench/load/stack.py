"""The throw-away production stack of a load run: a database, Redis, gunicorn, a Celery worker.

Everything listens on loopback only, on free ports; every process is started here in its own
process group and stopped here. The database is created on the machine's PostgreSQL
(`BENCH_POSTGRES_URL`, default postgres://postgres@127.0.0.1:5432) as `lms_bench_<pid>` and
dropped at the end. A built dataset is kept as a template database named by a hash of the
migrations, the demo data and the commands that build it, so a second run copies it in seconds
(`--rebuild` builds it again).
"""

from __future__ import annotations

import hashlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import psycopg

REPO = Path(__file__).resolve().parents[2]
PG_BASE = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
VAR = REPO / "var" / "bench-load"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(predicate, *, timeout: float, what: str, interval: float = 0.3):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(interval)
    raise RuntimeError(f"timed out after {timeout:.0f} s waiting for {what}")


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=3) as response:  # noqa: S310 - loopback
            return response.status == 200
    except OSError:
        return False


# --------------------------------------------------------------------------- database


def _admin():
    return psycopg.connect(f"{PG_BASE}/postgres", autocommit=True)


def database_exists(name: str) -> bool:
    with _admin() as conn:
        return bool(
            conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        )


def create_database(name: str, template: str | None = None) -> None:
    with _admin() as conn:
        sql = f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else "")
        conn.execute(sql)


def drop_database(name: str) -> None:
    with _admin() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def database_size(name: str) -> str:
    with _admin() as conn:
        row = conn.execute("SELECT pg_size_pretty(pg_database_size(%s))", (name,)).fetchone()
        return row[0]


def dataset_key(dataset: str) -> str:
    """A hash of everything that shapes a dataset: migrations, demo data, the seed commands."""
    digest = hashlib.sha256(dataset.encode())
    files = sorted(REPO.glob("*/migrations/*.py")) + sorted((REPO / "demo").rglob("*"))
    files += sorted((REPO / "profiles_link").glob("*.py"))
    for path in files:
        if dataset.startswith("demo") and "programme" in path.name:
            continue  # the programme's code does not change the demo
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(REPO)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


# --------------------------------------------------------------------------- processes


class Stack:
    """Our processes, their environment and logs (under var/bench-load/<run>/)."""

    def __init__(self, database: str, *, workers: int, threads: int) -> None:
        self.run_dir = VAR / f"run-{os.getpid()}"
        self.run_dir.mkdir(parents=True, exist_ok=True)
        self.processes: dict[str, subprocess.Popen] = {}
        self.web_port = free_port()
        self.c0_port = free_port()
        self.redis_port = free_port()
        self.base = f"http://127.0.0.1:{self.web_port}"
        self.c0_base = f"http://127.0.0.1:{self.c0_port}"
        venv = REPO / ".venv" / "bin"
        self.bin = venv if (venv / "python").exists() else Path(shutil.which("python3")).parent
        self.env = {
            "PATH": f"{self.bin}:{os.environ.get('PATH', '/usr/bin:/bin')}",
            "HOME": str(self.run_dir),
            "LANG": "C.UTF-8",
            "DJANGO_SETTINGS_MODULE": "lms.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "WAGTAILADMIN_BASE_URL": self.base,
            # Plain HTTP on loopback (README, Production).
            "SECURE_SSL_REDIRECT": "0",
            "SESSION_COOKIE_SECURE": "0",
            "CSRF_COOKIE_SECURE": "0",
            "SECURE_HSTS_SECONDS": "0",
            "DATABASE_URL": f"{PG_BASE}/{database}",
            "CACHE_URL": f"redis://127.0.0.1:{self.redis_port}/1",
            "CELERY_BROKER_URL": f"redis://127.0.0.1:{self.redis_port}/0",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            # Media (the demo's attachments) belong with the database: both are kept together.
            "LMS_VAR_DIR": str(VAR / "var"),
            "WEB_CONCURRENCY": str(workers),
            "WEB_THREADS": str(threads),
            "WORKER_CONCURRENCY": "1",
            "WORKER_QUEUES": "celery,imports,email",
            "LOG_LEVEL": "WARNING",
        }

    def manage(self, *args: str, timeout: float = 3600) -> str:
        result = subprocess.run(  # noqa: S603 - our own manage.py, fixed arguments
            [str(self.bin / "python"), "manage.py", *args], cwd=REPO, env=self.env,
            capture_output=True, text=True, timeout=timeout,
        )  # fmt: skip
        if result.returncode:
            raise RuntimeError(
                f"manage.py {' '.join(args)} failed:\n{result.stdout[-3000:]}{result.stderr[-3000:]}"
            )
        return result.stdout

    def start(self, name: str, argv: list[str], **env: str) -> None:
        log = open(self.run_dir / f"{name}.log", "ab")  # noqa: SIM115 - closed with the process
        self.processes[name] = subprocess.Popen(  # noqa: S603 - our own programs
            argv, cwd=REPO, env=self.env | env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip

    def start_redis(self) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            raise RuntimeError("redis-server is not installed")
        self.start("redis", [binary, "--port", str(self.redis_port), "--bind", "127.0.0.1",
                             "--save", "", "--appendonly", "no", "--dir", str(self.run_dir)])  # fmt: skip

        def pong() -> bool:
            try:
                with socket.create_connection(("127.0.0.1", self.redis_port), timeout=0.5) as s:
                    s.sendall(b"PING\r\n")
                    return s.recv(16).startswith(b"+PONG")
            except OSError:
                return False

        wait_for(pong, timeout=20, what="redis")

    def start_web(self) -> None:
        gunicorn = [str(self.bin / "gunicorn"), "-c", "gunicorn.conf.py"]
        self.start("web", [*gunicorn, "lms.wsgi:application"],
                   WEB_BIND=f"127.0.0.1:{self.web_port}")  # fmt: skip
        self.start("c0", [*gunicorn, "bench.load.c0:application"],
                   WEB_BIND=f"127.0.0.1:{self.c0_port}", DJANGO_SETTINGS_MODULE="",
                   WEB_MAX_REQUESTS="0")  # the yardstick never pauses to renew a worker  # fmt: skip
        wait_for(lambda: answers(f"{self.base}/healthz"), timeout=120, what="the LMS /healthz")
        wait_for(lambda: answers(f"{self.c0_base}/"), timeout=60, what="the C0 view")

    def start_worker(self) -> None:
        self.start("worker", [str(REPO / "bin" / "run-production"), "worker"],
                   LMS_VENV_BIN=str(self.bin))  # fmt: skip
        # Its start (Django and Celery loaded, a few seconds of a core) must not fall on the
        # first pages measured: wait until it is idle.
        wait_for(lambda: self._idle("worker"), timeout=90, what="the Celery worker to settle",
                 interval=0.1)  # fmt: skip

    def _idle(self, name: str) -> bool:
        """Whether the process group of `name` used under 5 % of a core over half a second."""

        def cpu() -> int:
            total = 0
            for entry in Path("/proc").iterdir():
                if not entry.name.isdigit():
                    continue
                try:
                    fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                if int(fields[2]) == self.processes[name].pid:  # the process group
                    total += int(fields[11]) + int(fields[12])
            return total

        before = cpu()
        time.sleep(0.5)
        ticks = os.sysconf("SC_CLK_TCK")
        return (cpu() - before) / ticks < 0.025

    def stop(self) -> None:
        for name in reversed(list(self.processes)):
            process = self.processes.pop(name)
            if process.poll() is not None:
                continue
            try:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
            except ProcessLookupError:
                pass

    def log_tail(self, name: str, chars: int = 2000) -> str:
        path = self.run_dir / f"{name}.log"
        return path.read_text(errors="replace")[-chars:] if path.exists() else ""
