"""A large table's fields read by another process, on another core.

Why: the app's warm-up reads the lookups of 200,000 activities and 50,000 people while the rep
types (see `screens/home.py`), and a thread of this process shares one interpreter with the UI:
each keystroke slowed it, and the screens opened first waited for it. A child process reads
the same bytes of the file beside it: where each document lies and the values of a few
top-level fields (`LineTable.field_values`), the same answer this process would work out.

    python -m dragon_tui.doc_scan PATH TABLE FIELD...   → stdout: JSON (see `scan`)

The child reads the file by its path. It says which bytes it read (their SHA-256), and the
answer is used only if the table here holds those very bytes: a file replaced meanwhile (a save,
a sync) gives another digest, and the caller reads the table itself, as without a child. So
does every failure of the child (no interpreter, a crash, a timeout): nothing depends on it.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import orjson

from dragon_tui.doc_lines import LineTable
from dragon_tui.storage import digest, load_database_file

ELSEWHERE_MIN_BYTES = 32 << 20  # a table this large is read by a child (a child costs ~0.2 s)
TIMEOUT = 60.0  # seconds: a child still reading then is stopped and the table read here


def scan(path: Path, table: str, fields: Sequence[str]) -> dict[str, Any]:
    """In the child: the table's digest, where each document lies, and the fields' values."""
    tables = load_database_file(path)
    if tables is None or table not in tables:
        raise LookupError(f"{path}: no table {table!r}")
    docs = tables[table]
    if not isinstance(docs, LineTable):
        raise LookupError(f"{path}: table {table!r} is not in the line layout")
    _, places = docs.index()
    return {
        "sha256": digest(docs.blob),
        "places": places,
        "values": docs.field_values(fields),
    }


def field_values_elsewhere(docs: LineTable, fields: Sequence[str]) -> list[dict[str, Any]] | None:
    """`docs.field_values(fields)`, read by a child process (and where each document lies,
    given to `docs`); None when that cannot be (the caller reads them itself): a table with
    changes not in the file, one too small to be worth a process, a child that failed or
    read other bytes."""
    blob = docs.blob
    if docs.changed or len(blob) < ELSEWHERE_MIN_BYTES or not sys.executable:
        return None
    # -P: this installation's code only, not a module of the folder the app was started in
    command = [sys.executable, "-P", "-m", "dragon_tui.doc_scan", str(docs.path), docs.name]
    command += fields
    try:
        # the child's startup and reading overlap this digest (hashlib lets go of the GIL)
        child = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
    except OSError:
        return None
    try:
        sha = digest(blob)
        output, _ = child.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        child.kill()
        child.communicate()
        return None
    except BaseException:
        child.kill()
        child.wait()
        raise
    if child.returncode != 0:
        return None
    try:
        answer = orjson.loads(output)
        if answer["sha256"] != sha:
            return None  # the file was replaced: other bytes than these
        places, values = answer["places"], answer["values"]
    except (orjson.JSONDecodeError, KeyError, TypeError):
        return None
    if not isinstance(values, list) or len(values) != len(fields):
        return None
    docs.adopt_places(blob, places)
    return values


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) < 3:
        sys.stderr.write("usage: python -m dragon_tui.doc_scan PATH TABLE FIELD...\n")
        return 2
    try:
        answer = scan(Path(args[0]), args[1], args[2:])
    except Exception as exc:  # any failure: the parent reads the table itself
        sys.stderr.write(f"{args[0]}: {exc}\n")
        return 1
    sys.stdout.buffer.write(orjson.dumps(answer))
    return 0


if __name__ == "__main__":
    sys.exit(main())
