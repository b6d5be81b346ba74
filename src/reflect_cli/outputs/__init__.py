"""Outputs: what a report becomes off the terminal screen: plain text for pipes and files,
Markdown, JSON and YAML."""
