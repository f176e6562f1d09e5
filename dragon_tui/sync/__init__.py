"""Sync between laptops by bundle files: the format, the merge, export and import."""
