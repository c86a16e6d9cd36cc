"""Writing many rows to PostgreSQL at once: COPY, fed with CSV that pyarrow writes.

Per-row Python (model instances, or psycopg's `write_row`) was most of the time an import spent
storing its unit scores; pyarrow formats a batch of rows in C. Floats are written in their
shortest form that reads back as the same double, so the stored numbers are the computed ones.
"""

from __future__ import annotations

import contextlib
import functools
import io
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor, wait

import pandas as pd
import pyarrow as pa
from django.db import connection
from pyarrow import csv

#: Rows formatted and sent at a time: the server stores one batch while the next is formatted.
COPY_BATCH_ROWS = 10_000


def _csv_batches(frame: pd.DataFrame) -> Iterator[bytes]:
    # NaN and None become NULL (an unquoted empty field); every text is quoted, so "" stays "".
    table = pa.Table.from_pandas(frame, preserve_index=False)
    options = csv.WriteOptions(include_header=False, quoting_style="needed")
    for batch in table.to_batches(max_chunksize=COPY_BATCH_ROWS):
        out = io.BytesIO()
        csv.write_csv(batch, out, options)
        yield out.getvalue()


def _copy(raw_cursor, sql: str, frame: pd.DataFrame) -> None:
    with raw_cursor.copy(sql) as copying:
        for chunk in _csv_batches(frame):
            copying.write(chunk)


def _refuse_queries(execute, sql, params, many, context):
    raise RuntimeError("the connection is busy with a COPY: no query until it has finished")


@contextlib.contextmanager
def copying_rows(table: str, frame: pd.DataFrame) -> Iterator[None]:
    """Insert the frame's rows (its columns named as the table's) with one COPY (PostgreSQL),
    sent from a thread while the body of the `with` goes on: the server stores the rows while
    this process computes what comes next (the machine has a core for each).

    The body must not use the database, whose connection the COPY holds: a query there is
    refused. Leaving the `with`, the COPY has finished (an error raised by it, or by the body,
    then rolls the transaction back as usual). The COPY goes through the connection's execute
    wrappers as any statement does, so what watches writes (lms.page_cache) sees it too."""
    columns = ", ".join(frame.columns)
    sql = f"COPY {table} ({columns}) FROM STDIN WITH (FORMAT csv)"
    with connection.cursor() as cursor, ThreadPoolExecutor(max_workers=1) as pool:

        def start(sql, params, many, context):
            return pool.submit(_copy, cursor.cursor, sql, frame)

        run = start
        for wrapper in reversed(connection.execute_wrappers):
            run = functools.partial(wrapper, run)
        copying = run(sql, None, False, {"connection": connection, "cursor": cursor})
        try:
            with connection.execute_wrapper(_refuse_queries):
                yield
        finally:
            wait([copying])  # an error in the body waits too: nothing may use the connection yet
        with connection.wrap_database_errors:  # Django's IntegrityError, as from any statement
            copying.result()
