"""`python -m dragon_tui` runs the command-line entry point."""

from dragon_tui.cli import main

raise SystemExit(main())
