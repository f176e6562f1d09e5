"""Reading and writing bundle files, with the passphrase when they are encrypted."""

from __future__ import annotations

from pathlib import Path

from dragon_tui.errors import BundleError
from dragon_tui.storage import write_atomic
from dragon_tui.sync.bundle import (
    Bundle,
    decode,
    decrypt,
    encode,
    encrypt,
    is_encrypted,
    no_gc_pauses,
    parse_document,
    read_document,
)


def write_bundle(path: Path, bundle: Bundle, passphrase: str | None = None) -> int:
    """Write atomically, 0600; returns the size in bytes."""
    data = encode(bundle)
    if passphrase is not None:
        data = encrypt(data, passphrase)
    write_atomic(Path(path), data)
    return len(data)


def needs_passphrase(path: Path) -> bool:
    return is_encrypted(read_document(Path(path)))


def read_bundle(path: Path, passphrase: str | None = None) -> Bundle:
    with no_gc_pauses():
        return _read_bundle(Path(path), passphrase)


def _read_bundle(path: Path, passphrase: str | None) -> Bundle:
    document = read_document(path)
    if is_encrypted(document):
        if passphrase is None:
            raise BundleError(f"{path}: the bundle is encrypted; give the passphrase")
        document = parse_document(decrypt(document, passphrase, path), path)
        if is_encrypted(document):
            raise BundleError(f"{path}: nested encryption is not supported")
    return decode(document, path)
