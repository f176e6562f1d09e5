"""The core CLI commands: --help, demo, stats, doctor."""

from __future__ import annotations

import json
import subprocess
import sys

from dragon_tui.cli import build_parser, main


def test_help_lists_every_command(capsys):
    text = build_parser().format_help()
    for command in ("demo", "stats", "doctor"):
        assert command in text


def test_demo_stats_doctor(tmp_path, capsys):
    db = tmp_path / "d.json"
    assert main(["demo", "--accounts", "5", "--seed", "1", "--db", str(db)]) == 0
    capsys.readouterr()
    assert main(["stats", "--json", "--db", str(db)]) == 0
    counts = json.loads(capsys.readouterr().out)
    assert counts["accounts"] == {"live": 5, "deleted": 0}
    assert 40 <= counts["contacts"]["live"] <= 60
    assert main(["doctor", "--db", str(db)]) == 0
    assert "ok" in capsys.readouterr().out


def test_demo_refuses_to_mix_into_existing_data(tmp_path, capsys):
    db = tmp_path / "d.json"
    assert main(["demo", "--accounts", "2", "--db", str(db)]) == 0
    before = db.read_bytes()
    assert main(["demo", "--accounts", "2", "--db", str(db)]) == 1
    assert "--force" in capsys.readouterr().err
    assert db.read_bytes() == before


def test_db_from_environment(monkeypatch, tmp_path, capsys):
    db = tmp_path / "env.json"
    monkeypatch.setenv("DRAGON_TUI_DB", str(db))
    assert main(["demo", "--accounts", "1"]) == 0
    assert db.exists()


def test_python_dash_m_runs(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "dragon_tui", "--help"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0 and "doctor" in result.stdout
