"""The bench command runs end to end at a tiny scale and reports every figure with its target."""

from __future__ import annotations

import json

from dragon_tui.bench import TARGETS
from dragon_tui.cli import main


def test_bench_json_has_every_figure(capsys):
    assert main(["bench", "--accounts", "3", "--runs", "1", "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert sorted(f["name"] for f in figures) == sorted(TARGETS)
    for f in figures:
        assert {"name", "accounts", "value", "unit", "target"} <= set(f)
        assert f["accounts"] == 3 and f["value"] > 0 and f["target"] == TARGETS[f["name"]][1]
    (save,) = [f for f in figures if f["name"] == "save_one_record"]
    assert save["ratio_vs_tinydb"] > 0


def test_bench_refuses_absurd_scale(capsys):
    assert main(["bench", "--accounts", "0"]) == 1
    assert "--accounts" in capsys.readouterr().err
