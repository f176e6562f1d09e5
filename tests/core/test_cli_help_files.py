"""The CLI for scripts: every command's `--help` shows examples that really parse, every option
has help text, and `-o -` is standard output wherever a command writes a file."""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import stat
from pathlib import Path

import pytest

from dragon_tui.cli import build_parser, main


def all_parsers() -> list[tuple[str, argparse.ArgumentParser]]:
    """(command line prefix, parser) for the program and every command and sub-command."""
    found = []

    def walk(prefix: str, parser: argparse.ArgumentParser) -> None:
        found.append((prefix, parser))
        for action in parser._actions:  # noqa: SLF001
            if isinstance(action, argparse._SubParsersAction):  # noqa: SLF001
                for name, sub in action.choices.items():
                    walk(f"{prefix} {name}", sub)

    walk("dragon-tui", build_parser())
    return found


def example_commands(epilog: str) -> list[str]:
    """The `dragon-tui …` command of each example line: a pipe's other side, a leading
    environment variable and the explanation after two spaces are not part of it."""
    commands = []
    for line in epilog.split("examples:", 1)[1].splitlines():
        for part in line.split(" | "):
            start = part.find("dragon-tui ")
            if start >= 0:
                commands.append(re.split(r"\s{2,}", part[start:].strip())[0])
    return commands


PARSERS = all_parsers()


def test_the_walk_sees_nested_commands():
    prefixes = {prefix for prefix, _ in PARSERS}
    assert {"dragon-tui", "dragon-tui team funnel", "dragon-tui import-csv"} <= prefixes


@pytest.mark.parametrize(("prefix", "parser"), PARSERS, ids=[p for p, _ in PARSERS])
def test_help_shows_examples_that_parse_and_every_option_has_help(prefix, parser, capsys):
    assert "examples:\n  dragon-tui" in (parser.epilog or ""), prefix
    examples = example_commands(parser.epilog)
    assert any(f"{e} ".startswith(f"{prefix} ") for e in examples), examples
    for example in examples:
        try:
            build_parser().parse_args(shlex.split(example)[1:])
        except SystemExit:
            pytest.fail(f"the example does not parse: {example}\n{capsys.readouterr().err}")
    for action in parser._actions:  # noqa: SLF001
        assert action.help, f"{prefix} {action.option_strings or action.dest}"
    with pytest.raises(SystemExit):
        main([*prefix.split()[1:], "--help"])
    assert "examples:" in capsys.readouterr().out


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> tuple[Path, str, str]:
    """A small demo database, one account's name and an opportunity with a proposal."""
    from dragon_tui.models import Opportunity, Proposal
    from dragon_tui.store import Store

    db = tmp_path_factory.mktemp("demo") / "demo.json"
    assert main(["demo", "--accounts", "4", "--seed", "3", "--db", str(db)]) == 0
    with Store(db) as store:
        proposal = store.all(Proposal)[0]
        opportunity = store.get(Opportunity, proposal.opportunity_id)
        account = opportunity.account_id
    return db, account, opportunity.id


def commands(account: str, opportunity: str) -> dict[str, list[str]]:
    return {
        "checklist": ["checklist", account, "--lang", "en"],
        "deal": ["deal", opportunity, "--format", "md"],
        "proposal": ["proposal", opportunity, "--format", "md", "--lang", "zh"],
        "agenda-text": ["agenda", "--days", "30", "--lang", "en"],
        "agenda-json": ["agenda", "--days", "30", "--json"],
        "contacts": ["contacts", account],
        "export-csv": ["export-csv", "contacts", "--lang", "zh"],
    }


@pytest.mark.parametrize("name", list(commands("a", "o")))
def test_dash_is_stdout_and_a_file_gets_the_same_bytes(demo, name, tmp_path, capsysbinary):
    db, account, opportunity = demo
    args = [*commands(account, opportunity)[name], "--db", str(db)]
    assert main([*args, "-o", "-"]) == 0
    to_stdout = capsysbinary.readouterr().out
    assert len(to_stdout) > 40
    if name != "export-csv":  # the only one where -o is required
        assert main(args) == 0
        assert capsysbinary.readouterr().out == to_stdout
    target = tmp_path / f"out-{name}.txt"
    assert main([*args, "-o", str(target)]) == 0
    assert target.read_bytes() == to_stdout
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    if name == "agenda-json":
        assert "items" in json.loads(to_stdout)


def test_proposal_docx_goes_to_stdout_too(demo, capsysbinary):
    db, _, opportunity = demo
    assert main(["proposal", opportunity, "--format", "docx", "-o", "-", "--db", str(db)]) == 0
    assert capsysbinary.readouterr().out.startswith(b"PK\x03\x04")  # a zip: the .docx itself


RATIOS = {"win_rate", "forecast", "progress", "loss_rate"}  # shares, not money


def floats(value, key: str = "") -> list[str]:
    """Every float in a JSON document that is not a ratio, by key."""
    if isinstance(value, float):
        return [] if key in RATIOS else [key]
    if isinstance(value, dict):
        return [f for k, v in value.items() for f in floats(v, k)]
    if isinstance(value, list):
        return [f for v in value for f in floats(v, key)]
    return []


@pytest.mark.parametrize(
    "args",
    [
        ["list", "opportunities", "--json"],
        ["funnel", "--period", "2026", "--target", "1000000.5", "--json"],
        ["receivables", "--json"],
        ["agenda", "--days", "60", "--json"],
        ["doctor", "--json"],
        ["stats", "--json"],
    ],
    ids=lambda a: a[0],
)
def test_json_never_carries_money_as_a_float(demo, args, capsys):
    db, _, _ = demo
    assert main([*args, "--db", str(db)]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document and floats(document) == []


def test_the_float_finder_finds_money_and_spares_ratios():
    assert floats({"stages": [{"amount": 1.5, "win_rate": 0.1}], "forecast": 0.3}) == ["amount"]
