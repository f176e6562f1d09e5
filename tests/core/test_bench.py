"""The bench command runs end to end at a tiny scale and reports every figure with its target."""

from __future__ import annotations

import json

from dragon_tui.bench import TARGETS
from dragon_tui.cli import main


def test_bench_json_has_every_figure(capsys):
    code = main(["bench", "--accounts", "3", "--runs", "1", "--json"])
    figures = json.loads(capsys.readouterr().out)
    # the exit code says whether every figure met its target (timings themselves not asserted)
    assert code == (0 if all(f["value"] <= f["target"] for f in figures) else 1)
    assert sorted(f["name"] for f in figures) == sorted(TARGETS)
    for f in figures:
        assert {"name", "accounts", "value", "unit", "target"} <= set(f)
        assert f["accounts"] == 3 and f["value"] > 0 and f["target"] == TARGETS[f["name"]][1]
    (save,) = [f for f in figures if f["name"] == "save_one_record"]
    assert save["ratio_vs_tinydb"] > 0
    for f in figures:
        if f["name"].startswith("ui_") and f["unit"] != "MB":
            assert 0 < f["p50"] <= f["p95"] == f["value"]


def test_bench_without_ui_leaves_out_the_app_figures(capsys):
    main(["bench", "--accounts", "2", "--runs", "1", "--json", "--no-ui"])
    names = {f["name"] for f in json.loads(capsys.readouterr().out)}
    assert names == {name for name in TARGETS if not name.startswith("ui_")}


def test_bench_refuses_absurd_scale(capsys):
    assert main(["bench", "--accounts", "0"]) == 1
    assert "--accounts" in capsys.readouterr().err
