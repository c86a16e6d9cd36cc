"""The mixed scenario: people at work, driven open-loop at a fixed rate.

Requests are scheduled at exact times (`rate` per second, evenly spaced) whatever the server
does; a pool of threads sends them, and each latency is measured from the time the request was
scheduled, not sent, so a server that falls behind shows it in the percentiles instead of
slowing the driver down (no coordinated omission). A request that is not 2xx/3xx or fails on
the socket is an error; a draft save that meets a conflict (409) is one too. A server so far
behind that a request has not been sent within max(10 s, half the run) after the run's end
makes the rest "not sent" errors, so the run stays bounded in time.

A save counts as its POST, as the issue's mix has it. With `follow_saves`, a save is followed,
as a browser follows it, to the page its answer sends the person to (the draft, the feedback
task), with the message the save left: the save's time is then until that page has come.
"""

from __future__ import annotations

import http.client
import queue
import random
import statistics
import threading
import time
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field

from .people import (
    People,
    Save,
    Written,
    draft_saves,
    module_reads,
    profile_and_plan_reads,
    queue_reads,
    written_feedback,
)

MIX = {  # what people do, in shares of all requests (issue 14)
    "module page": 0.60,
    "hand-in save": 0.10,
    "queue": 0.15,
    "written feedback": 0.05,
    "profile or plan": 0.10,
}
THREADS = 48


@dataclass
class Outcome:
    rate: float
    seconds: float
    scheduled: int = 0
    latencies: list[float] = field(default_factory=list)  # seconds, from the scheduled time
    errors: Counter = field(default_factory=Counter)  # (kind, status) → count
    by_kind: Counter = field(default_factory=Counter)
    served: dict = field(default_factory=dict)  # kind → seconds from sending to the answer
    late_start: int = 0  # requests sent more than 100 ms after their time (driver behind)

    def percentile(self, p: int) -> float:
        if len(self.latencies) < 2:
            return self.latencies[0] if self.latencies else 0.0
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[p - 1]

    def served_in(self) -> str:
        """Each kind's p50/p95 from sending to the answer: where the server's time goes."""
        parts = []
        for kind, times in self.served.items():
            ms = sorted(t * 1000 for t in times)
            parts.append(f"{kind} {ms[len(ms) // 2]:.0f}/{ms[int(len(ms) * 0.95)]:.0f} ms")
        return ", ".join(parts)


class Work:
    """The targets of every kind; a draft is saved by one request at a time (its revision)."""

    def __init__(self, people: People, seed: int, *, follow_saves: bool = False) -> None:
        self.random = random.Random(seed)
        self.follow_saves = follow_saves
        self.reads = {
            "module page": module_reads(people),
            "queue": queue_reads(people),
            "profile or plan": profile_and_plan_reads(people),
        }
        self.saves: queue.Queue[Save] = queue.Queue()
        for save in draft_saves(people):
            self.saves.put(save)
        # A feedback text carries no revision (the last save wins), so two saves of one text
        # may cross; making them wait for each other held the driver's threads on the demo's
        # two texts (5 % of 265 req/s on two texts) and counted that wait as the server's.
        self.written: list[Written] = written_feedback(people)
        self.kinds = list(MIX)
        self.weights = [MIX[kind] for kind in self.kinds]
        missing = [kind for kind, found in (("hand-in save", self.saves.qsize()),
                   ("written feedback", len(self.written))) if not found]  # fmt: skip
        missing += [kind for kind, items in self.reads.items() if not items]
        if missing:
            raise RuntimeError(f"the demo offers nothing to do for: {', '.join(missing)}")

    def describe(self) -> str:
        return (
            f"{len(self.reads['module page'])} module reads, {self.saves.qsize()} drafts, "
            f"{len(self.reads['queue'])} queues, {len(self.written)} feedback texts, "
            f"{len(self.reads['profile or plan'])} profiles and plans"
        )

    def plan(self, count: int) -> list[str]:
        return self.random.choices(self.kinds, weights=self.weights, k=count)

    def do(self, kind: str, client: Http, base: str, number: int) -> int:
        """Send one request of `kind` (with `follow_saves`, a save and the page it sends the
        person to); returns its status (0 for a socket error)."""
        if kind in self.reads:
            person, path = self.reads[kind][number % len(self.reads[kind])]
            return _send(client, "GET", base + path, person.cookie).status
        if kind == "hand-in save":
            save = self.saves.get()
            try:
                data = {"text": f"Vores svar, gemt af belastningstesten (nr. {number}).",
                        "revision": str(save.revision), "action": "save"}  # fmt: skip
                answer = _send(client, "POST", base + save.path, save.person.cookie, data,
                               save.person.csrf)  # fmt: skip
                if answer.status in (302, 303):
                    save.revision += 1
                    if self.follow_saves:
                        return _follow(client, base, answer, save.person.cookie)
                if answer.status == 409:  # someone else saved: read the revision again
                    found = save.person.get(save.path, allow_redirects=False)
                    revision = _revision(found.text)
                    save.revision = revision if revision is not None else save.revision
                return answer.status
            finally:
                self.saves.put(save)
        written = self.written[number % len(self.written)]
        data = {"text": f"Skriftlig feedback, kladde nr. {number}.", "action": "save"}
        answer = _send(client, "POST", base + written.path, written.person.cookie, data,
                       written.person.csrf)  # fmt: skip
        if answer.status in (302, 303) and self.follow_saves:
            return _follow(client, base, answer, written.person.cookie)
        return answer.status


def _revision(html: str) -> int | None:
    from .people import REVISION_INPUT

    found = REVISION_INPUT.search(html)
    return int(found.group(1)) if found else None


class Http:
    """A driver thread's requests, on http.client: the driver shares the machine with the
    server, and requests spent about 3 ms of CPU a request (a tenth of the server's own), which
    the server's figures then paid for.

    Each request comes on a new connection, as from the many people (or a load balancer's
    pool) in front of a real server: 48 kept-alive connections stay with the gunicorn worker
    that accepted them, and in practice one worker got them all while the other stood idle."""

    def __init__(self, base: str) -> None:
        self.host, _, port = base.removeprefix("http://").partition(":")
        self.port = int(port or 80)

    def request(self, method: str, path: str, body: bytes | None, headers: dict) -> Answer:
        """The answer, its whole body read (as a browser would); status 0 for a socket error."""
        connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            return Answer(
                response.status,
                response.getheader("Location", ""),
                [cookie.split(";", 1)[0] for cookie in response.headers.get_all("Set-Cookie", [])],
            )
        except (OSError, http.client.HTTPException):
            return Answer(0)
        finally:
            connection.close()


@dataclass
class Answer:
    status: int
    location: str = ""
    cookies: list[str] = field(default_factory=list)  # "name=value" of each cookie it set


def _send(client: Http, method: str, url: str, cookie: str, data=None, csrf: str = "") -> Answer:
    path = "/" + url.split("/", 3)[3] if url.count("/") >= 3 else "/"
    headers = {"Cookie": cookie, "Host": f"{client.host}:{client.port}", "Connection": "close"}
    body = None
    if method == "POST":
        body = urllib.parse.urlencode(data or {}).encode()
        headers |= {"X-CSRFToken": csrf, "Referer": url,
                    "Content-Type": "application/x-www-form-urlencoded"}  # fmt: skip
    return client.request(method, path, body, headers)


def _follow(client: Http, base: str, answer: Answer, cookie: str) -> int:
    """The page a save's answer sends the person to, with the cookies the answer set (its
    message, "Draft saved."), as a browser goes on; its status."""
    target = urllib.parse.urljoin(base + "/", answer.location)
    if not target.startswith(base):
        return 0  # a save sends nobody off the site
    cookies = "; ".join([cookie, *answer.cookies])
    return _send(client, "GET", target, cookies).status


def run(work: Work, base: str, *, rate: float, seconds: float, warm_up: float = 0.0) -> Outcome:
    """The scenario at `rate` for `warm_up` + `seconds`; only the last `seconds` are counted
    (a server at work has drawn its people's pages and filled its processes' caches)."""
    outcome = Outcome(rate=rate, seconds=seconds)
    warm = int(rate * warm_up)
    count = max(1, int(rate * seconds))
    kinds = work.plan(warm + count)
    jobs: queue.Queue = queue.Queue()
    lock = threading.Lock()

    def worker() -> None:
        client = Http(base)
        while True:
            job = jobs.get()
            if job is None:
                return
            number, kind, due = job
            if time.monotonic() > give_up and number >= warm:  # overloaded: stay bounded
                with lock:
                    outcome.errors[(kind, "not sent")] += 1
                continue
            if time.monotonic() - due > 0.1 and number >= warm:
                with lock:
                    outcome.late_start += 1
            sent = time.monotonic()
            status = work.do(kind, client, base, number)
            took = time.monotonic() - due
            if number < warm:
                continue
            with lock:
                outcome.latencies.append(took)
                outcome.served.setdefault(kind, []).append(time.monotonic() - sent)
                outcome.by_kind[kind] += 1
                if not 200 <= status < 400:
                    outcome.errors[(kind, status)] += 1

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    start = time.monotonic() + 0.2
    give_up = start + warm_up + seconds + max(10.0, seconds / 2)
    for number, kind in enumerate(kinds):
        due = start + number / rate
        pause = due - time.monotonic()
        if pause > 0:
            time.sleep(pause)
        jobs.put((number, kind, due))
    outcome.scheduled = count
    for _ in threads:
        jobs.put(None)
    for thread in threads:
        thread.join(timeout=60)
    return outcome
