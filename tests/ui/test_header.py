"""The header (one widget) and what a closed screen leaves behind: nothing."""

from __future__ import annotations

import gc
import weakref

from textual.command import CommandPalette

from screens.app import DragonApp
from screens.dossier import DossierScreen
from screens.home import HomeScreen
from screens.widgets.header import Header


def header_text(app) -> str:
    header = app.screen.query_one(Header)
    return "".join(strip.text for strip in header.render_lines(header.region.reset_offset))


async def test_the_header_shows_the_screens_title_in_the_language(fixed_store):
    app = DragonApp(fixed_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "摧龙六式 — 客户列表" in header_text(app)
        assert header_text(app).startswith(" ⭘")
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert "Six Dragon Moves — Accounts" in header_text(app)
        assert "客户" not in header_text(app)


async def test_a_title_too_long_for_the_header_ends_in_an_ellipsis(fixed_store):
    app = DragonApp(fixed_store)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        app.screen.sub_title = "一个非常非常非常非常长的副标题"
        await pilot.pause()
        shown = header_text(app)
        assert "…" in shown and "摧龙六式" in shown
        assert len(shown) <= 40


async def test_clicking_the_icon_opens_the_palette(fixed_store):
    app = DragonApp(fixed_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.click(Header, offset=(1, 0))
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)


async def test_a_closed_screen_leaves_nothing_behind(fixed_store):
    """A dossier opened and closed is freed whole: its header, and the style caches (with every
    line drawn) of its widgets, which Textual's own header and an lru_cache kept before."""
    app = DragonApp(fixed_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.open_screen("dossier", "acc-1")
        await pilot.pause()
        dossier = app.screen
        assert isinstance(dossier, DossierScreen)
        await pilot.pause()
        screen_ref = weakref.ref(dossier)
        header_ref = weakref.ref(dossier.query_one(Header))
        caches = [weakref.ref(w._styles_cache) for w in dossier.query("*")]
        assert len(caches) > 10  # every widget of the dossier, not a few
        del dossier
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.pause()
        gc.collect()
        assert screen_ref() is None
        assert header_ref() is None
        assert [ref for ref in caches if ref() is not None] == []


async def test_a_screen_is_filled_once_as_it_opens_and_again_on_return(fixed_store, monkeypatch):
    """The dossier reads its data as it is mounted; its first resume, right after, does not
    read it all again (it did: a tenth of the time to open one). Returning to it does."""
    from screens.dossier import DossierScreen

    fills = []
    real = DossierScreen.refresh_data

    def counted(self):
        fills.append(self)
        return real(self)

    monkeypatch.setattr(DossierScreen, "refresh_data", counted)
    app = DragonApp(fixed_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.open_screen("dossier", "acc-1")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, DossierScreen)
        assert len(fills) == 1
        app.open_screen("orgchart", "acc-1")
        await pilot.pause()
        await pilot.press("escape")  # back on the dossier: read again (the org chart may edit)
        await pilot.pause()
        assert isinstance(app.screen, DossierScreen)
        assert len(fills) == 2
