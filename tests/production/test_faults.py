"""Faults of the real parts, on the production stack (conftest.py): each part is our own process.

- the broker down while a team hands in: saved, success shown, mailed once the broker is back;
- PostgreSQL restarting under load: fast Danish error pages, then recovery;
- an import worker killed with SIGKILL mid-import: nothing stored, "interrupted", a retry works.
"""

from __future__ import annotations

import re
import signal
import threading
import time
import zipfile
from pathlib import Path

import pytest
import requests
from handins import hand_in, review_mails, success_messages
from stack import wait_for

from profiles_link.generator import EXAMPLE_MUNICIPALITIES, generate_round

pytestmark = [pytest.mark.production, pytest.mark.services]


def test_broker_down_when_a_team_hands_in(production, person):
    stack, broker, smtp = production.stack, production.broker, production.smtp
    teacher = person()
    teacher.log_in("laerer.hedensted@demo.dk")
    already = len(smtp.received())
    broker.stop()
    try:
        started = time.monotonic()
        response = hand_in(teacher, "Afleveret mens beskedkøen var nede.")
        elapsed = time.monotonic() - started
        assert response.status_code == 200
        assert success_messages(response.text), response.text[:2000]
        status, report = stack.healthz()
        assert (status, report["failing"]) == (503, ["broker"])
        waiting = production.db("SELECT count(*) FROM lms_notificationoutbox WHERE sent_at IS NULL")
        assert waiting[0][0] >= 2  # the team's receipt and the reviewer's task
        assert review_mails(smtp.received()[already:]) == []
    finally:
        broker.start()
    print(  # noqa: T201 - the figure for the README, shown with -s
        f"hand-in with the broker down answered in {elapsed:.2f} s (three page loads)"
    )
    wait_for(lambda: review_mails(smtp.received()[already:]), timeout=120,
             what="the reviewer's e-mail after the broker came back")  # fmt: skip
    wait_for(
        lambda: (
            production.db("SELECT count(*) FROM lms_notificationoutbox WHERE sent_at IS NULL")[0][0]
            == 0
        ),
        timeout=60,
        what="the outbox to empty",
    )
    time.sleep(5)  # two more sweeps: nothing may arrive twice
    received = smtp.received()[already:]
    assert len(review_mails(received)) == 1
    recipients = [m["To"] for m in received]
    assert len(recipients) == len(set(recipients)), recipients
    assert stack.healthz()[0] == 200


class Load:
    """A person reloading their overview as fast as the server answers, for a bounded time."""

    def __init__(self, session: requests.Session, url: str) -> None:
        self.session, self.url = session, url
        self.results: list[
            tuple[float, int, float, bool]
        ] = []  # (at, status, seconds, Danish page)
        self.urls: list[str] = []
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        deadline = time.monotonic() + 90
        while not self.stopped.is_set() and time.monotonic() < deadline:
            started = time.monotonic()
            try:
                response = self.session.get(self.url, timeout=15)
                status, text = response.status_code, response.text
                self.urls.append(response.url)
            except requests.RequestException:
                status, text = 0, ""
            took = time.monotonic() - started
            danish_error = 'id="error-500"' in text and '<html lang="da">' in text
            self.results.append((started, status, took, danish_error))
            time.sleep(0.05)


def test_database_restart_under_load(production, person):
    teacher = person()
    teacher.log_in("laerer@demo.dk")
    load = Load(teacher.session, production.stack.base + "/")
    load.thread.start()
    time.sleep(2)
    stopped_at = time.monotonic()
    production.postgres.stop()
    try:
        time.sleep(4)
        status, report = production.stack.healthz()
        assert (status, report["failing"]) == (503, ["database"])
    finally:
        production.postgres.start()
    started_at = time.monotonic()
    time.sleep(8)
    load.stopped.set()
    load.thread.join(timeout=30)
    # A request still in flight when PostgreSQL stops may rightly fail: "before" is what had
    # finished by then.
    before = [r for r in load.results if r[0] + r[2] < stopped_at]
    down = [r for r in load.results if stopped_at + 0.5 < r[0] < started_at - 0.5]
    after = [r for r in load.results if r[0] > started_at]
    assert before and all(status == 200 for _, status, _, _ in before), before
    assert down, "no request was made while the database was down"
    # Fast, Danish error pages while it is away: no hung requests, no bare 500.
    assert all(status == 500 and danish for _, status, _, danish in down), (down, load.urls[-40:])
    assert max(took for _, _, took, _ in down) < 5
    # And back: every request in the last five seconds is served again.
    recovered = [r for r in after if r[0] > started_at + 3]
    assert recovered and all(status == 200 for _, status, _, _ in recovered), after
    first_ok = min(r[0] for r in after if r[1] == 200) - started_at
    print(  # noqa: T201 - the figure for the README, shown with -s
        f"database restart: {len(down)} requests while down, slowest {max(r[2] for r in down):.2f} s;"
        f" first 200 {first_ok:.2f} s after the database started"
    )


def _round_zip(folder: Path) -> Path:
    generate_round(folder / "T3", seed=13, municipalities=list(EXAMPLE_MUNICIPALITIES)[:6],
                   schools_per_municipality=10, classes_per_school=8, pupils_per_class=20,
                   round_label="T3")  # fmt: skip
    archive = folder / "T3.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        for path in sorted((folder / "T3").iterdir()):
            out.write(path, path.name)
    return archive


def test_a_worker_killed_mid_import(production, person, tmp_path):
    stack = production.stack
    admin = person()
    admin.log_in("admin@demo.dk")
    page = admin.get("/profiler/import/").text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    with _round_zip(tmp_path).open("rb") as upload:
        response = admin.session.post(
            stack.base + "/profiler/import/",
            data={"csrfmiddlewaretoken": token, "round_label": "T3", "held_on": "2025-03-01"},
            files={"files": ("T3.zip", upload, "application/zip")},
            headers={"Referer": stack.base + "/profiler/import/"},
            timeout=60,
        )
    status_path = response.url.removeprefix(stack.base)
    job_id = status_path.rstrip("/").rsplit("/", 1)[-1]

    def job():
        return production.db(
            "SELECT status, stage FROM profiles_link_mappingimport WHERE id = %s", job_id
        )[0]

    imports_worker = {
        "WORKER_QUEUES": "imports",
        "WORKER_NAME": "imports",
        "WORKER_CONCURRENCY": "1",
    }
    stack.start("imports", "worker", **imports_worker)
    # The upload stops at a preview of what the round changes; the administrator confirms it.
    wait_for(lambda: job()[0] == "preview", timeout=120, interval=0.2, what="the preview")
    preview = admin.get(status_path).text
    confirm = re.search(r'<form method="post" action="([^"]+/bekraeft/)"', preview).group(1)
    assert admin.post_form(confirm, {}, page=status_path).status_code == 200
    # Storing the scores is one transaction of about a second: kill the worker inside it.
    wait_for(lambda: job()[1] == "scored" or job()[0] != "queued" and job()[1] == "stored",
             timeout=120, interval=0.02, what="the import to reach the storing stage")  # fmt: skip
    assert job() == ("running", "scored"), "the import finished before it could be killed"
    stack.kill("imports", signal.SIGKILL)
    killed_at = time.monotonic()
    assert production.db("SELECT count(*) FROM profiles_link_mappinground WHERE label = 'T3'") == [
        (0,)
    ]
    # The status page shows the job interrupted, with a retry button, once the heartbeat is old.
    html = wait_for(
        lambda: (
            (text := admin.get(status_path).text) and 'id="import-interrupted"' in text and text
        ),
        timeout=30,
        interval=1,
        what="the job to show as interrupted",
    )
    print(  # noqa: T201 - the figure for the README, shown with -s
        f"import shown interrupted {time.monotonic() - killed_at:.1f} s after the kill"
    )
    assert job()[0] == "interrupted"
    retry = re.search(r'<form method="post" action="([^"]+/igen/)">', html).group(1)
    response = admin.post_form(retry, {}, page=status_path)
    assert response.status_code == 200
    stack.start("imports", "worker", **imports_worker)
    try:
        wait_for(lambda: job()[0] in ("succeeded", "failed"), timeout=120, interval=0.5,
                 what="the retried import")  # fmt: skip
    finally:
        stack.kill("imports")
    assert job() == ("succeeded", "stored")
    assert production.db("SELECT count(*) FROM profiles_link_mappinground WHERE label = 'T3'") == [
        (1,)
    ]
