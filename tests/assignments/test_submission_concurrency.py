"""Two people save the same draft at the same moment: exactly one wins, the other is told.

The threaded test needs real row locking, so it runs on PostgreSQL (DATABASE_URL) only.
"""

import threading

import pytest
from django.db import connection

from assignments import services
from assignments.models import Submission


@pytest.mark.services
def test_two_concurrent_saves_on_one_revision_never_both_win(transactional_db, wagtail_basics,
                                                              programme, module_tree,
                                                              enrolled):  # fmt: skip
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL) for concurrent transactions")
    submission = services.submission_get_or_create(
        team=programme.team, assignment=module_tree.assignment
    )
    people = [programme.people["teacher"], programme.people["coordinator"]]
    for round_ in range(5):
        submission.refresh_from_db()
        base = submission.revision
        barrier = threading.Barrier(2)
        results, errors = {}, []

        def save(person, text, base=base, barrier=barrier, results=results, errors=errors):
            from django.db import connections

            try:
                barrier.wait(timeout=10)
                results[text] = services.draft_save(
                    submission=submission, text=text, base_revision=base, by=person
                )
            except Exception as exc:  # noqa: BLE001 - reported below
                errors.append(exc)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=save, args=(p, f"{p.email} {round_}")) for p in people]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert not errors, errors
        saved = [text for text, result in results.items() if result.saved]
        refused = [result for result in results.values() if not result.saved]
        assert len(saved) == 1 and len(refused) == 1, results
        stored = Submission.objects.get(pk=submission.pk)
        assert stored.text == saved[0]
        assert stored.revision == base + 1
        assert refused[0].conflict.text == saved[0]
