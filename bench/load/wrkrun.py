"""One closed-loop wrk run against one URL (`wrk -t1 -c8`, as the issue's measurements)."""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

SCRIPT = Path(__file__).with_name("report.lua")


@dataclass(frozen=True)
class Result:
    requests: int
    seconds: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: int  # status >= 400 and socket errors (connect, read, write, timeout)

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def wrk(url: str, *, seconds: float, cookie: str = "", connections: int = 8,
        threads: int = 1) -> Result:  # fmt: skip
    binary = shutil.which("wrk")
    if binary is None:
        raise RuntimeError("wrk is not installed (Debian: apt-get install wrk)")
    argv = [binary, f"-t{threads}", f"-c{connections}", f"-d{max(1, round(seconds))}s",
            "--timeout", "30s", "-s", str(SCRIPT)]  # fmt: skip
    if cookie:
        argv += ["-H", f"Cookie: {cookie}"]
    result = subprocess.run(  # noqa: S603 - wrk with our own arguments, loopback only
        [*argv, url], capture_output=True, text=True, timeout=seconds + 60
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if result.returncode or not lines:
        raise RuntimeError(f"wrk failed on {url}: {result.stdout[-1000:]}{result.stderr[-1000:]}")
    data = json.loads(lines[-1])
    errors = sum(data[key] for key in ("connect", "read", "write", "status", "timeout"))
    return Result(
        requests=data["requests"],
        seconds=data["duration_us"] / 1e6,
        p50_ms=data["p50"] / 1000,
        p95_ms=data["p95"] / 1000,
        p99_ms=data["p99"] / 1000,
        errors=errors,
    )
