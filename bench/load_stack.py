"""A short load run against a running production stack (bin/run-production), for the README's sizing.

Each virtual person logs in with a demo account and then, without pause, opens the pages a
teacher opens most: Mit overblik, a team's assignments, an assignment's edit page and "Mine
moduler". It reports requests per second and the latency percentiles of the whole run.

    .venv/bin/python bench/load_stack.py --base http://127.0.0.1:8000 --people 8 --seconds 30

Only for a stack on this machine (loopback); the run is bounded by --seconds. The issue 14 load
suite is to replace it.
"""

from __future__ import annotations

import argparse
import re
import statistics
import threading
import time
from urllib.parse import urlparse

import requests

ACCOUNTS = [
    "laerer@demo.dk",
    "teamkoordinator@demo.dk",
    "laerer.hedensted@demo.dk",
    *(
        f"{name}.{school}@demo.dk"
        for school in ("aars", "loegstoer", "loesning", "juelsminde")
        for name in ("anne.christensen", "camilla.madsen", "jesper.rasmussen", "mads.petersen")
    ),
]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def log_in(base: str, email: str) -> requests.Session:
    session = requests.Session()
    page = session.get(f"{base}/accounts/login/", timeout=30).text
    token = CSRF.search(page).group(1)
    response = session.post(
        f"{base}/accounts/login/",
        data={"csrfmiddlewaretoken": token, "login": email, "password": "demo1234"},
        headers={"Referer": f"{base}/accounts/login/"},
        timeout=30,
    )
    if "/accounts/login/" in response.url:
        raise SystemExit(f"could not log in as {email}")
    return session


def pages_of(session: requests.Session, base: str) -> list[str]:
    home = session.get(f"{base}/", timeout=30).text
    pages = ["/", "/moduler/"]
    for team in sorted(set(re.findall(r'href="(/opgaver/team/\d+/)"', home)))[:1]:
        pages.append(team)
        html = session.get(base + team, timeout=30).text
        pages += re.findall(r'href="(/opgaver/opgave/\d+/team/\d+/rediger/)"', html)[:1]
    return pages


def person(base: str, email: str, seconds: float, start: threading.Barrier, results: list,
           lock: threading.Lock) -> None:  # fmt: skip
    session = log_in(base, email)
    pages = pages_of(session, base)
    start.wait()  # everybody is logged in: the measured time begins
    until = time.monotonic() + seconds
    mine = []
    i = 0
    while time.monotonic() < until:
        started = time.monotonic()
        try:
            status = session.get(base + pages[i % len(pages)], timeout=30).status_code
        except requests.RequestException:
            status = 0
        mine.append((time.monotonic() - started, status))
        i += 1
    with lock:
        results.extend(mine)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--people", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=30)
    args = parser.parse_args()
    if urlparse(args.base).hostname not in {"127.0.0.1", "localhost", "::1"}:
        raise SystemExit("only a stack on this machine (loopback) may be loaded")
    results: list[tuple[float, int]] = []
    lock = threading.Lock()
    start = threading.Barrier(args.people)
    threads = [
        threading.Thread(
            target=person,
            args=(args.base, ACCOUNTS[i % len(ACCOUNTS)], args.seconds, start, results, lock),
        )  # fmt: skip
        for i in range(args.people)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies = sorted(took for took, status in results if status == 200)
    errors = sum(1 for _, status in results if status != 200)
    if not latencies:
        raise SystemExit("no request succeeded")
    duration = args.seconds
    quantiles = statistics.quantiles(latencies, n=100)
    print(  # noqa: T201 - the report
        f"{args.people} people, {len(results)} requests in {duration:.0f} s: "
        f"{len(latencies) / duration:.1f} req/s, "
        f"p50 {quantiles[49] * 1000:.0f} ms, p95 {quantiles[94] * 1000:.0f} ms, "
        f"p99 {quantiles[98] * 1000:.0f} ms, errors {errors}"
    )


if __name__ == "__main__":
    main()
