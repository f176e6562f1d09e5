"""The footer: one line of keys drawn by one widget, in the screen's language, clickable."""

from __future__ import annotations

from datetime import date

from rich.cells import cell_len

from screens.app import DragonApp
from screens.dossier import DossierScreen
from screens.orgchart import OrgChartScreen
from screens.widgets.footer import Footer

TODAY = date(2026, 11, 25)


def footer_line(app) -> str:
    return app.screen._compositor.render_strips()[-1].text


async def dossier_footer(app, pilot) -> Footer:
    app.open_screen("dossier", "acc-1")
    await pilot.pause()
    return app.screen.query_one(Footer)


async def test_keys_side_by_side_the_palette_against_the_right_edge(fixed_store):
    app = DragonApp(fixed_store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        entries = (await dossier_footer(app, pilot)).entries()
        keys = [e for e in entries if not e.palette]
        (palette,) = [e for e in entries if e.palette]
        assert [(k.key_display, k.description) for k in keys[:3]] == [
            ("^s", "保存"),
            ("o", "组织"),
            ("s", "SPIN"),
        ]
        for one, other in zip(keys, keys[1:], strict=False):
            assert one.right == other.x  # side by side, none hidden under another
        assert palette.right == 80 and keys[-1].right <= palette.x
        line = footer_line(app)
        for key in keys:  # each drawn where it says it is: " key description"
            drawn = f" {key.key_display} {key.description}"
            assert cell_len(drawn) == key.width
            assert drawn in line
        assert line.rstrip().endswith(f"▏ {palette.key_display} {palette.description}")


async def test_the_footer_follows_the_language_and_the_focus(fixed_store):
    app = DragonApp(fixed_store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await dossier_footer(app, pilot)
        assert " o 组织" in footer_line(app)
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert " o Org" in footer_line(app) and "组织" not in footer_line(app)
        await pilot.press("o")  # the org chart: its grid's keys come with the focus
        await pilot.pause()
        assert isinstance(app.screen, OrgChartScreen)
        assert " c Coach" in footer_line(app)


async def test_a_click_on_a_key_presses_it(fixed_store):
    app = DragonApp(fixed_store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        footer = await dossier_footer(app, pilot)
        (org,) = [e for e in footer.entries() if e.key == "o"]
        await pilot.click(Footer, offset=(org.x + 1, 0))
        await pilot.pause()
        assert isinstance(app.screen, OrgChartScreen)
        (back,) = [e for e in app.screen.query_one(Footer).entries() if e.key == "escape"]
        await pilot.click(Footer, offset=(back.x + 2, 0))
        await pilot.pause()
        assert isinstance(app.screen, DossierScreen)
