"""The bundle file: one JSON document with a format name, version, device, time, checksum, records.

Plain bundle (see docs/bundle-format.md):
    {"format": "dragon-tui-bundle", "version": 1, "device": "...", "exported_at": "...",
     "scope": {...}, "redacted": false, "checksum": "sha256:<hex>", "content": {"records": [...]}}
The checksum is SHA-256 over the content serialised with sorted keys. Bundles are written with
one record per line and the checksum after the content (`encode_parts`), so that a bundle is
written and read a record at a time: parsing a 200 MB document in one call costs several times
its size in memory. Readers accept any layout of the same JSON. An encrypted bundle wraps
the plain bundle's bytes with AES-256-GCM under a key derived from the passphrase by scrypt
(n=2**15, r=8, p=1); a wrong passphrase and a tampered file both fail authentication.
"""

from __future__ import annotations

import base64
import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from dragon_tui.errors import BundleError
from dragon_tui.storage import no_gc_pauses  # noqa: F401 (used by files and exchange)

FORMAT = "dragon-tui-bundle"
ENCRYPTED_FORMAT = "dragon-tui-bundle-encrypted"
VERSION = 1
MAX_BYTES = 2 * 1024 * 1024 * 1024
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1


@dataclass
class Bundle:
    device: str
    exported_at: str
    scope: dict[str, Any]
    redacted: bool
    records: list[dict[str, Any]]  # each {"table": t, "record": {...}, "sync": {"vv": …, "f": …}}


def checksum(content: dict[str, Any]) -> str:
    return (
        "sha256:" + hashlib.sha256(orjson.dumps(content, option=orjson.OPT_SORT_KEYS)).hexdigest()
    )


_RECORDS_OPEN = b',"content":{"records":[\n'
_CHECKSUM_AT = b']},"checksum":'


def encode_parts(bundle: Bundle) -> Iterator[bytes]:
    """The plain bundle piece by piece: the header, one record per line, then the checksum
    (over the content serialised with sorted keys, hashed as it is written)."""
    header = {
        "format": FORMAT,
        "version": VERSION,
        "device": bundle.device,
        "exported_at": bundle.exported_at,
        "scope": bundle.scope,
        "redacted": bundle.redacted,
    }
    digest = hashlib.sha256(b'{"records":[')
    yield orjson.dumps(header)[:-1] + _RECORDS_OPEN
    for n, record in enumerate(bundle.records):
        line = orjson.dumps(record, option=orjson.OPT_SORT_KEYS)
        if n:
            digest.update(b",")
        digest.update(line)
        yield (b",\n" if n else b"") + line
    digest.update(b"]}")
    yield b"\n" + _CHECKSUM_AT + orjson.dumps("sha256:" + digest.hexdigest()) + b"}\n"


def encode(bundle: Bundle) -> bytes:
    return b"".join(encode_parts(bundle))


def decode_lines(raw: bytes, path: Path) -> Bundle | None:
    """Read a bundle in `encode_parts`'s layout a record at a time; None for any other layout
    (then the whole document is parsed). Checks the same things as `decode`."""
    first = raw.find(b"\n")
    last = raw.rfind(b"\n", 0, len(raw) - 1)
    if first < 0 or last <= first or not raw.endswith(b"}\n"):
        return None
    head, tail = raw[: first + 1], raw[last + 1 : -1]
    if not head.endswith(_RECORDS_OPEN) or not tail.startswith(_CHECKSUM_AT):
        return None
    try:
        document = orjson.loads(head[: -len(_RECORDS_OPEN)] + b"}")
        trailer = orjson.loads(b"{" + tail[len(b"]},") :])
    except orjson.JSONDecodeError:
        return None
    if not (isinstance(document, dict) and isinstance(trailer, dict)):
        return None
    if document.get("format") != FORMAT:
        return None
    document["content"] = {"records": []}
    _check_header(document, path)
    view = memoryview(raw)
    records: list[Any] = []
    digest = hashlib.sha256(b'{"records":[')
    start = first + 1
    while start < last:
        end = raw.find(b"\n", start, last + 1)
        stop = end - 1 if raw[end - 1 : end] == b"," else end
        try:
            record = orjson.loads(view[start:stop])
        except orjson.JSONDecodeError:
            return None  # not our layout after all: the whole document is parsed (and judged)
        if records:
            digest.update(b",")
        digest.update(orjson.dumps(record, option=orjson.OPT_SORT_KEYS))
        records.append(record)
        start = end + 1
    digest.update(b"]}")
    if trailer.get("checksum") != "sha256:" + digest.hexdigest():
        raise BundleError(
            f"{path}: checksum mismatch: the file was changed or damaged after export"
        )
    return _bundle(document, records, path)


def _key(passphrase: str, salt: bytes) -> bytes:
    return Scrypt(salt=salt, length=32, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P).derive(
        passphrase.encode("utf-8")
    )


def encrypt(plain: bytes, passphrase: str) -> bytes:
    if not passphrase:
        raise BundleError("an encrypted bundle needs a non-empty passphrase")
    salt, nonce = os.urandom(16), os.urandom(12)
    header = {
        "format": ENCRYPTED_FORMAT,
        "version": VERSION,
        "kdf": "scrypt",
        "n": SCRYPT_N,
        "r": SCRYPT_R,
        "p": SCRYPT_P,
        "cipher": "AES-256-GCM",
    }
    aad = orjson.dumps(header, option=orjson.OPT_SORT_KEYS)
    sealed = AESGCM(_key(passphrase, salt)).encrypt(nonce, plain, aad)
    b64 = lambda b: base64.b64encode(b).decode()  # noqa: E731
    return orjson.dumps(
        {**header, "salt": b64(salt), "nonce": b64(nonce), "ciphertext": b64(sealed)}
    )


def is_encrypted(document: dict[str, Any]) -> bool:
    return document.get("format") == ENCRYPTED_FORMAT


def decrypt(document: dict[str, Any], passphrase: str, path: Path) -> bytes:
    try:
        header = {k: document[k] for k in ("format", "version", "kdf", "n", "r", "p", "cipher")}
        salt, nonce, sealed = (
            base64.b64decode(document[k], validate=True) for k in ("salt", "nonce", "ciphertext")
        )
    except (KeyError, ValueError, TypeError):
        raise BundleError(
            f"{path}: the encrypted bundle is damaged (missing or invalid fields)"
        ) from None
    if (header["kdf"], header["n"], header["r"], header["p"]) != (
        "scrypt",
        SCRYPT_N,
        SCRYPT_R,
        SCRYPT_P,
    ):
        raise BundleError(f"{path}: unsupported encryption parameters")
    aad = orjson.dumps(header, option=orjson.OPT_SORT_KEYS)
    try:
        return AESGCM(_key(passphrase, salt)).decrypt(nonce, sealed, aad)
    except InvalidTag:
        raise BundleError(
            f"{path}: wrong passphrase, or the file was changed after export"
        ) from None


def read_document(path: Path) -> dict[str, Any]:
    return parse_document(read_bytes(path), path)


def read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise BundleError(f"{path}: {size} bytes is too large for a bundle")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise BundleError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise BundleError(f"{path}: is a folder, not a bundle") from None
    except OSError as exc:
        raise BundleError(f"{path}: cannot read ({exc.strerror})") from None
    return raw


def parse_document(raw: bytes, path: Path) -> dict[str, Any]:
    try:
        document = orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise BundleError(f"{path}: not a dragon-tui bundle (not JSON, or truncated)") from None
    return _check_header(document, path)


def _check_header(document: Any, path: Path) -> dict[str, Any]:
    if not isinstance(document, dict) or document.get("format") not in (FORMAT, ENCRYPTED_FORMAT):
        raise BundleError(f"{path}: not a dragon-tui bundle (no format {FORMAT!r})")
    if document.get("version") != VERSION:
        raise BundleError(
            f"{path}: bundle version {document.get('version')!r} is not supported (this dragon-tui reads version {VERSION})"
        )
    return document


def decode(document: dict[str, Any], path: Path) -> Bundle:
    """Check the outer shape and the checksum; records are validated by the importer."""
    content = document.get("content")
    if not isinstance(content, dict) or not isinstance(content.get("records"), list):
        raise BundleError(f"{path}: the bundle has no record list")
    if document.get("checksum") != checksum(content):
        raise BundleError(
            f"{path}: checksum mismatch: the file was changed or damaged after export"
        )
    return _bundle(document, content["records"], path)


def _bundle(document: dict[str, Any], records: list[Any], path: Path) -> Bundle:
    for key, kind in (("device", str), ("exported_at", str), ("scope", dict), ("redacted", bool)):
        if not isinstance(document.get(key), kind):
            raise BundleError(f"{path}: the bundle's {key!r} is missing or invalid")
    return Bundle(
        document["device"],
        document["exported_at"],
        document["scope"],
        document["redacted"],
        records,
    )
