"""Outputs: the formats of the reports (terminal, markdown, json), one module each, found by
name in registry.py, and the framework export (framework.py)."""
