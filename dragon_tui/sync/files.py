"""Reading and writing bundle files, with the passphrase when they are encrypted."""

from __future__ import annotations

from pathlib import Path

from dragon_tui.errors import BundleError
from dragon_tui.storage import write_atomic, write_atomic_parts
from dragon_tui.sync.bundle import (
    ENCRYPTED_FORMAT,
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


def write_bundle(path: Path, bundle: Bundle, passphrase: str | None = None) -> int:
    """Write atomically, 0600; returns the size in bytes. A plain bundle is written a record at a
    time, never held whole in memory."""
    with no_gc_pauses():
        if passphrase is not None:
            data = encrypt(encode(bundle), passphrase)
            write_atomic(Path(path), data)
            return len(data)
        size = 0

        def counted():
            nonlocal size
            for part in encode_parts(bundle):
                size += len(part)
                yield part

        write_atomic_parts(Path(path), counted())
        return size


def needs_passphrase(path: Path) -> bool:
    return is_encrypted(read_document(Path(path)))


def read_bundle(path: Path, passphrase: str | None = None) -> Bundle:
    with no_gc_pauses():
        return _read_bundle(Path(path), passphrase)


def _read_bundle(path: Path, passphrase: str | None) -> Bundle:
    raw = read_bytes(path)
    if ENCRYPTED_FORMAT.encode() not in raw[:200]:
        fast = decode_lines(raw, path)
        if fast is not None:
            return fast
    document = parse_document(raw, path)
    del raw
    if is_encrypted(document):
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
