"""Text that leaves the program: plain text, Markdown and CSV, CJK-aware."""
