"""Words for numbers, the same in every output: '1 answer', '2 answers'."""

from __future__ import annotations


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """'1 answer', '0 answers', '3 people' (with plural='people')."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"
