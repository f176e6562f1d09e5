"""Footer labels in the dialog's language for modal screens (DragonScreen does this for screens)."""

from __future__ import annotations

from textual.screen import ActiveBinding

from ..base import translated


class TranslatedFooter:
    """Mix into a ModalScreen that has a `lang` attribute."""

    lang: str

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        return translated(super().active_bindings, self.lang)  # type: ignore[misc]
