"""The terminal: every question put to a person (prompting.py, the one place questionary is
used) and every screen drawn with rich (render.py)."""
