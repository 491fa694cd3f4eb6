"""Deterministic demo data of Palembang (see docs/demo-data.md)."""
from antasena_desktop.demo.generator import DemoSummary, generate, generate_file, has_data

__all__ = ["DemoSummary", "generate", "generate_file", "has_data"]
