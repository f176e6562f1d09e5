"""dragon-tui: the core of an offline key-account selling tool (摧龙六式). No Textual here."""

__version__ = "0.1.0"
