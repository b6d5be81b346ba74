"""Markdown outputs escape only what Markdown needs: read back by a Markdown parser
(markdown-it-py, CommonMark with GitHub's strikethrough and tables), text comes back exactly as
typed, hostile text included, and plain-text readers see no needless backslashes ('A&E')."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from reflect_cli.outputs.markdown import _md_heading, _md_quote, _md_text

PARSER = MarkdownIt("commonmark").enable(["strikethrough", "table"])
PLAIN_INLINE = {"text", "softbreak", "hardbreak"}

HOSTILE = [
    "A&E", "snake_case and _private_", "5 * 3 = 15", "*bold* and **strong**", "~~gone~~",
    "~30 people, ~40 next time", "# a heading?", "#hashtag", "<script>alert(1)</script>",
    "a < b > c", "`code` and ``double``", "| a | b |", "x | y", "[link](http://x.y)",
    "[sic]: http://evil", "![img](x.png)", "&amp; &#38; &#x26;", "back\\slash \\* \\",
    "1. not a list", "2026) a year", "- not a bullet", "+ nor this", "* nor this", "> not a quote",
    "---", "===", "- - -", "***", "___", ":--|--", "--- | ---", "C# and F#", "ends with #",
    "<http://autolink.example>", "<me@example.com>", "<!-- comment -->", "a_b_c", "__init__",
    "Priya's ~~strike~~ and O'Brien_s", "tab\tand  spaces", "emoji 🎉 and ñ",
]


def _inline(tokens: list[Token]) -> tuple[list[str], str]:
    """The block tokens' types and the inline text, asserting nothing but text is inline."""
    blocks = [t.type for t in tokens if t.type != "inline"]
    text = []
    for token in tokens:
        if token.type != "inline":
            continue
        for child in token.children or []:
            assert child.type in PLAIN_INLINE, (child.type, child)
            text.append("\n" if child.type != "text" else child.content)
    return blocks, "".join(text)


@pytest.mark.parametrize("typed", HOSTILE)
def test_hostile_text_at_the_start_of_a_line_reads_back_as_typed(typed: str) -> None:
    shown = _md_text(typed, line_start=True)
    blocks, text = _inline(PARSER.parse(shown))
    assert blocks == ["paragraph_open", "paragraph_close"], (typed, shown, blocks)
    assert text == typed.strip(), shown


@pytest.mark.parametrize("typed", HOSTILE)
def test_hostile_text_in_a_table_cell_stays_in_its_cell(typed: str) -> None:
    table = f"| A | B |\n| --- | --- |\n| {_md_text(typed, cell=True)} | end |\n"
    tokens = PARSER.parse(table)
    cells = [t for t in tokens if t.type == "inline"]
    assert len(cells) == 4, table
    for child in cells[2].children or []:
        assert child.type in PLAIN_INLINE, (child.type, table)
    assert "".join(c.content for c in cells[2].children or []) == typed.strip(), table
    assert cells[3].content == "end"


@pytest.mark.parametrize("typed", HOSTILE)
def test_hostile_text_in_a_heading_is_the_heading(typed: str) -> None:
    tokens = PARSER.parse(_md_heading(2, typed))
    assert [t.type for t in tokens] == ["heading_open", "inline", "heading_close"]
    _, text = _inline(tokens)
    assert text == " ".join(typed.split())


def test_only_what_markdown_needs_is_escaped() -> None:
    assert _md_text("A&E") == "A&E"
    assert _md_text("snake_case, 5 * 3 and a < b") == "snake_case, 5 * 3 and a < b"
    assert _md_text("*x* ~~y~~ <b> `z` [a](b)") == "\\*x\\* \\~\\~y\\~\\~ \\<b> \\`z\\` [a\\](b)"
    assert _md_text("&amp;") == "\\&amp;"
    assert _md_text("x | y") == "x | y"
    assert _md_text("x | y", cell=True) == "x \\| y"
    assert _md_text("#hashtag", line_start=True) == "#hashtag"
    assert _md_text("# heading", line_start=True) == "\\# heading"
    assert _md_text("3.5 stars", line_start=True) == "3.5 stars"
    assert _md_text("3. stars", line_start=True) == "3\\. stars"


plain_words = st.text(st.sampled_from(list("ab _*~`#<>&|[]()!\\-+=:.1;") + ["\n"]),
                      max_size=30)


@settings(max_examples=400, deadline=None)
@given(plain_words)
def test_any_text_reads_back_as_typed_in_a_quote(typed: str) -> None:
    """An answer as reports quote it: each line escaped, in a block quote, lines kept."""
    lines = [" ".join(line.split()) for line in typed.split("\n")]
    lines = [line for line in lines if line]
    if not lines:
        return
    quoted = "\n".join(_md_quote([_md_text(line, line_start=True) for line in lines]))
    tokens = PARSER.parse(quoted)
    blocks = [t.type for t in tokens if t.type != "inline"]
    assert blocks == ["blockquote_open", "paragraph_open", "paragraph_close",
                      "blockquote_close"], (quoted, blocks)
    _, text = _inline(tokens)
    assert text == "\n".join(lines), quoted


# -- the reports themselves ----------------------------------------------------------------------
def _log(journal: Path, invoke, day: str, impact: str, note: str) -> None:  # type: ignore[no-untyped-def]
    path = journal.parent / f"answers-{day}.yaml"
    import json

    path.write_text(json.dumps({
        "title": f"Review {day}", "date": f"2026-03-{day}",
        "participants": ["Sam Okafor", "Priya Shah"], "purpose.impact": impact,
        "notes": {"purpose.vision": {"Sam Okafor": note}}}), encoding="utf-8")
    assert invoke("session", "--answers", str(path)).exit_code == 0


def test_a_comparison_in_markdown_reads_back_as_typed_and_strikes_no_name(
        invoke, journal: Path) -> None:  # type: ignore[no-untyped-def]
    _log(journal, invoke, "10", "A&E waits and snake_case <script>x</script>",
         "We wrote the plan")
    _log(journal, invoke, "20", "A&E waits fell; `code` | pipes and *stars*",
         "Somebody else wrote it")
    result = invoke("compare", "--format", "markdown")
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "A&E" in text
    assert "A\\&E" not in text
    assert "snake_case" in text
    html = PARSER.render(text)
    assert "<script>" not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html
    assert "<code>" not in html.split("</ul>", 1)[1]  # no code span from an answer
    assert "<code>code</code>" not in html
    assert "|" in html  # the pipe is text, not a table
    assert "<table>" not in html
    # A person's note that changed: their words are struck and added, never their name.
    for struck in html.split("<s>")[1:]:
        assert "Sam Okafor" not in struck.split("</s>")[0]
    assert "Sam Okafor: " in html
