"""Reading and writing bundle files, with the passphrase when they are encrypted.

The file name `-` is standard output (write) or standard input (read), so bundles go through
pipes and `ssh` like any other file; errors then name `<stdin>`."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from pathlib import Path

from dragon_tui.errors import BundleError
from dragon_tui.storage import write_atomic, write_atomic_parts
from dragon_tui.sync.bundle import (
    ENCRYPTED_FORMAT,
    MAX_BYTES,
    Bundle,
    decode,
    decode_lines,
    decrypt,
    encode,
    encode_parts,
    encrypt,
    is_encrypted,
    no_gc_pauses,
    parse_document,
    read_bytes,
    read_document,
)

STDIO = "-"  # the file name that means standard input or standard output
STDIN_NAME = Path("<stdin>")  # what errors about a bundle read from standard input call it


def is_stdio(path: Path | str) -> bool:
    return str(path) == STDIO


def _write_stdout(parts: Iterable[bytes]) -> int:
    out = sys.stdout.buffer
    sys.stdout.flush()
    size = 0
    for part in parts:
        out.write(part)
        size += len(part)
    out.flush()
    return size


def write_bundle(path: Path, bundle: Bundle, passphrase: str | None = None) -> int:
    """Write atomically, 0600; returns the size in bytes. A plain bundle is written a record at a
    time, never held whole in memory. `-` writes to standard output."""
    with no_gc_pauses():
        if passphrase is not None:
            data = encrypt(encode(bundle), passphrase)
            if is_stdio(path):
                return _write_stdout([data])
            write_atomic(Path(path), data)
            return len(data)
        if is_stdio(path):
            return _write_stdout(encode_parts(bundle))
        size = 0

        def counted():
            nonlocal size
            for part in encode_parts(bundle):
                size += len(part)
                yield part

        write_atomic_parts(Path(path), counted())
        return size


def needs_passphrase(path: Path) -> bool:
    """Is the bundle file encrypted? (Reads the file: for standard input, which can be read only
    once, give `read_bundle` an `ask` instead.)"""
    return is_encrypted(read_document(Path(path)))


def read_stdin() -> bytes:
    raw = sys.stdin.buffer.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise BundleError(f"{STDIN_NAME}: more than {MAX_BYTES} bytes is too large for a bundle")
    return raw


def read_bundle(
    path: Path | str,
    passphrase: str | None = None,
    *,
    ask: Callable[[], str] | None = None,
) -> Bundle:
    """Read and check a bundle; `-` reads standard input. An encrypted bundle needs
    `passphrase`, or `ask`, called only when the bundle turns out to be encrypted."""
    with no_gc_pauses():
        if is_stdio(path):
            return _read_bundle(STDIN_NAME, passphrase, ask, read_stdin())
        return _read_bundle(Path(path), passphrase, ask, None)


def _read_bundle(
    path: Path, passphrase: str | None, ask: Callable[[], str] | None, raw: bytes | None
) -> Bundle:
    raw = read_bytes(path) if raw is None else raw
    if ENCRYPTED_FORMAT.encode() not in raw[:200]:
        fast = decode_lines(raw, path)
        if fast is not None:
            return fast
    document = parse_document(raw, path)
    del raw
    if is_encrypted(document):
        if passphrase is None and ask is not None:
            passphrase = ask()
        if passphrase is None:
            raise BundleError(f"{path}: the bundle is encrypted; give the passphrase")
        plain = decrypt(document, passphrase, path)
        fast = decode_lines(plain, path)
        if fast is not None:
            return fast
        document = parse_document(plain, path)
        if is_encrypted(document):
            raise BundleError(f"{path}: nested encryption is not supported")
    return decode(document, path)
