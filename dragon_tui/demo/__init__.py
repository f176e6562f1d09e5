"""A realistic, deterministic bilingual demo dataset (`build_demo`), used by `demo` and first run."""

from dragon_tui.demo.builder import DEMO_TODAY, build_demo, demo_records_flat

__all__ = ["DEMO_TODAY", "build_demo", "demo_records_flat"]
