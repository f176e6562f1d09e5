"""The bench command runs end to end at a tiny scale and reports every figure with its target."""

from __future__ import annotations

import json

import pytest

from dragon_tui.bench import TARGETS, Figure, percentile
from dragon_tui.cli import main


def test_bench_json_has_every_figure_and_exits_non_zero_on_a_miss(capsys):
    code = main(["bench", "--accounts", "3", "--runs", "1", "--json"])
    out = capsys.readouterr()
    figures = json.loads(out.out)
    assert sorted(f["name"] for f in figures) == sorted(TARGETS)
    for f in figures:
        assert {"name", "accounts", "value", "unit", "target", "ok"} <= set(f)
        assert f["accounts"] == 3 and f["value"] > 0 and f["target"] == TARGETS[f["name"]][1]
    for name in ("save_synced", "save_worst", "close", "import_into_empty", "export_all"):
        (figure,) = [f for f in figures if f["name"] == name]
        assert 0 < figure["p50"] <= figure["p95"] and figure["samples"] >= 2
    (save,) = [f for f in figures if f["name"] == "save_synced"]
    assert save["ratio_vs_sqlite"] > 0 and save["sqlite_p95"] > 0
    assert save["ratio_vs_sqlite"] == pytest.approx(save["p95"] / save["sqlite_p95"], rel=0.02)
    (worst,) = [f for f in figures if f["name"] == "save_worst"]
    assert worst["value"] >= save["p95"]
    # Whatever this loaded machine measured, the exit code tells whether every target was met.
    missed = [f["name"] for f in figures if not f["ok"]]
    assert code == (1 if missed else 0)
    assert all(name in out.err for name in missed)


def test_a_figure_misses_on_time_or_on_its_ratio_to_sqlite():
    fast = Figure("save_synced", 500, 2.0, "ms", 3, ratio_vs_sqlite=2.0, max_ratio_vs_sqlite=3)
    assert fast.ok
    assert not Figure("save_synced", 500, 4.0, "ms", 3).ok
    assert not Figure(
        "save_synced", 500, 2.0, "ms", 3, ratio_vs_sqlite=3.5, max_ratio_vs_sqlite=3
    ).ok


def test_percentile_is_nearest_rank():
    assert percentile([5.0, 1.0, 3.0], 0.5) == 3.0
    assert percentile([5.0, 1.0, 3.0], 0.95) == 5.0
    assert percentile([float(n) for n in range(1, 101)], 0.95) == 95.0


def test_bench_refuses_absurd_scale(capsys):
    assert main(["bench", "--accounts", "0"]) == 1
    assert "--accounts" in capsys.readouterr().err
