"""The Textual UI of dragon-tui: the App, one module per screen, shared widgets."""
