"""`-` as a bundle file: `export -o -` writes the bundle to stdout, `import -` reads stdin."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dragon_tui.cli import main
from dragon_tui.models import Account, Contact, Opportunity
from dragon_tui.store import Store
from dragon_tui.sync.bundle import parse_document

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def source(tmp_path) -> Path:
    path = tmp_path / "src.json"
    with Store(path, device_id="src") as store:
        account = store.save(Account(id="acc", name="北京现代"))
        store.save(Contact(id="wang", account_id=account.id, name="王总", phone="13912345678"))
        store.save(Opportunity(id="opp", account_id=account.id, name="ERP 升级"))
    return path


def empty_db(tmp_path: Path, name: str = "dst.json") -> Path:
    path = tmp_path / name
    with Store(path, device_id="dst") as store:
        store.save(Account(id="mine", name="我的客户"))
    return path


def names(db: Path) -> set[str]:
    with Store(db) as store:
        return {a.name for a in store.all(Account)} | {o.name for o in store.all(Opportunity)}


def feed_stdin(monkeypatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def export_to_stdout(capsysbinary, db: Path, *extra: str) -> bytes:
    assert main(["export", "-o", "-", *extra, "--db", str(db)]) == 0
    captured = capsysbinary.readouterr()
    assert b"exported 3 records to standard output" in captured.err
    return captured.out


def test_export_to_stdout_then_import_from_stdin(tmp_path, source, capsysbinary, monkeypatch):
    monkeypatch.chdir(tmp_path)
    data = export_to_stdout(capsysbinary, source)
    assert parse_document(data, Path("x"))["format"]  # stdout carries the bundle and only it
    assert not (tmp_path / "-").exists()  # no file called "-"
    db = empty_db(tmp_path)
    feed_stdin(monkeypatch, data)
    assert main(["import", "-", "--db", str(db)]) == 0
    out = capsysbinary.readouterr().out.decode()
    assert out.startswith("imported <stdin> from ") and "3 added" in out
    assert names(db) == {"我的客户", "北京现代", "ERP 升级"}


def test_encrypted_bundle_through_stdout_and_stdin(tmp_path, source, capsysbinary, monkeypatch):
    monkeypatch.setenv("DRAGON_TUI_PASSPHRASE", "龙 secret")
    data = export_to_stdout(capsysbinary, source, "--encrypt")
    assert b"ERP" not in data and b"13912345678" not in data
    monkeypatch.delenv("DRAGON_TUI_PASSPHRASE")
    db = empty_db(tmp_path)
    before = db.read_bytes()
    feed_stdin(monkeypatch, data)  # no passphrase anywhere, and stdin is not a terminal
    assert main(["import", "-", "--db", str(db)]) == 1
    err = capsysbinary.readouterr().err.decode()
    assert len(err.splitlines()) == 1 and "passphrase is needed" in err
    assert db.read_bytes() == before
    secret = tmp_path / "pass.txt"
    secret.write_text("龙 secret\n", encoding="utf-8")
    feed_stdin(monkeypatch, data)
    assert main(["import", "-", "--passphrase-file", str(secret), "--db", str(db)]) == 0
    assert names(db) == {"我的客户", "北京现代", "ERP 升级"}


def test_passphrase_from_stdin_for_a_bundle_file(tmp_path, source, capsysbinary, monkeypatch):
    bundle = tmp_path / "b.dragon"
    feed_stdin(monkeypatch, "口令\n".encode())
    args = ["export", "-o", str(bundle), "--encrypt", "--passphrase-file", "-", "--db", str(source)]
    assert main(args) == 0
    capsysbinary.readouterr()
    db = empty_db(tmp_path)
    feed_stdin(monkeypatch, b"wrong\n")
    assert main(["import", str(bundle), "--passphrase-file", "-", "--db", str(db)]) == 1
    assert "wrong passphrase" in capsysbinary.readouterr().err.decode()
    feed_stdin(monkeypatch, "口令\n".encode())
    assert main(["import", str(bundle), "--passphrase-file", "-", "--db", str(db)]) == 0
    assert "北京现代" in names(db)


def test_stdin_cannot_carry_both_the_bundle_and_the_passphrase(
    tmp_path, source, capsysbinary, monkeypatch
):
    monkeypatch.setenv("DRAGON_TUI_PASSPHRASE", "x")
    data = export_to_stdout(capsysbinary, source, "--encrypt")
    monkeypatch.delenv("DRAGON_TUI_PASSPHRASE")
    db = empty_db(tmp_path)
    feed_stdin(monkeypatch, data)
    assert main(["import", "-", "--passphrase-file", "-", "--db", str(db)]) == 1
    err = capsysbinary.readouterr().err.decode()
    assert len(err.splitlines()) == 1 and "both the bundle and the passphrase" in err


def test_since_last_through_stdout_moves_the_mark(tmp_path, source, capsysbinary):
    export_to_stdout(capsysbinary, source, "--since-last", "li")
    assert main(["export", "-o", "-", "--since-last", "li", "--db", str(source)]) == 0
    captured = capsysbinary.readouterr()
    assert b"exported 0 records to standard output" in captured.err
    assert parse_document(captured.out, Path("x"))["format"]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=300) | st.text(max_size=200).map(str.encode))
def test_anything_on_stdin_is_refused_in_one_line_and_changes_nothing(
    tmp_path, capsysbinary, monkeypatch, data
):
    db = tmp_path / "fuzz.json"
    if not db.exists():
        empty_db(tmp_path, "fuzz.json")
    before = db.read_bytes()
    feed_stdin(monkeypatch, data)
    assert main(["import", "-", "--db", str(db)]) == 1
    err = capsysbinary.readouterr().err.decode()
    assert len(err.splitlines()) == 1 and err.startswith("dragon-tui: error: <stdin>: "), err
    assert db.read_bytes() == before


def test_a_real_pipe_between_two_processes(tmp_path, source):
    """`dragon-tui export -o - | dragon-tui import -`, as a shell would run it."""
    db = empty_db(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    exporter = subprocess.Popen(
        [sys.executable, "-m", "dragon_tui", "export", "-o", "-", "--db", str(source)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    importer = subprocess.run(
        [sys.executable, "-m", "dragon_tui", "import", "-", "--db", str(db)],
        stdin=exporter.stdout,
        capture_output=True,
        text=True,
        env=env,
    )
    exporter.stdout.close()
    assert exporter.wait() == 0, exporter.stderr.read()
    assert "exported 3 records to standard output" in exporter.stderr.read().decode()
    assert importer.returncode == 0, importer.stderr
    assert "3 added" in importer.stdout
    assert names(db) == {"我的客户", "北京现代", "ERP 升级"}


@pytest.mark.parametrize("where", ["stdin", "file"])
def test_a_passphrase_that_is_not_text_is_one_line(
    tmp_path, source, capsysbinary, monkeypatch, where
):
    bad = b"\xff\xfe\x80secret\n"
    secret = "-"
    if where == "file":
        secret = str(tmp_path / "pass.bin")
        Path(secret).write_bytes(bad)
    else:
        feed_stdin(monkeypatch, bad)
    bundle = tmp_path / "b.dragon"
    args = ["export", "-o", str(bundle), "--encrypt", "--passphrase-file", secret]
    assert main([*args, "--db", str(source)]) == 1
    err = capsysbinary.readouterr().err.decode()
    assert len(err.splitlines()) == 1 and "the passphrase is not UTF-8 text" in err
    assert not bundle.exists()
