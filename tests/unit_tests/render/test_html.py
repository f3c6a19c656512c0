"""HTML to text (langchain_front.tools.render.html): structure a model needs, and no surprises."""

from __future__ import annotations

import random

import pytest

from langchain_front.tools.render import html_to_text


@pytest.mark.parametrize(
    ("markup", "text"),
    [
        ("<p>One</p><p>Two</p>", "One\n\nTwo"),
        ("<div>One</div><div>Two</div>", "One\nTwo"),
        ("<div>Hi</div><div><br></div><div>Thanks</div>", "Hi\n\nThanks"),  # Gmail paragraphs
        ("<div>a<br></div><div>b</div>", "a\nb"),  # a trailing <br> adds no empty line
        ("a<br>b<br><br>c", "a\nb\n\nc"),
        ("<ul><li>x</li><li>y</li></ul>", "* x\n* y"),
        ("<ol><li>x</li><li>y</li></ol>", "1. x\n2. y"),
        ("<ul><li>x<ul><li>y</li></ul></li><li>z</li></ul>", "* x\n  * y\n* z"),
        (
            "<p>Hi</p><blockquote>quoted<blockquote>deeper</blockquote></blockquote>after",
            "Hi\n\n  quoted\n\n    deeper\n\nafter",
        ),
        ("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>", "a  b\nc"),
        ("<pre>line 1\n  indented</pre>", "line 1\n  indented"),
        ("<p>Fish &amp; chips &lt;3 &#x27;n&#39;&nbsp;peas</p>", "Fish & chips <3 'n' peas"),
        ("<script>alert(1)</script><style>p{}</style><!-- note -->Hello", "Hello"),
        ("<a href=\"https://x.example/?a>b\" title='1>0'>link</a> text", "link text"),
        ("<p>Unclosed <b>bold <i>italic", "Unclosed bold italic"),
        ("a < b and c > d, <3", "a < b and c > d, <3"),
        ("<DIV>Upper</DIV><BR>case", "Upper\n\ncase"),
        ("<img src=x alt=logo>text", "text"),
        ("<p>\u200bhidden\u200c marker</p>", "hidden marker"),
        ("", ""),
    ],
)
def test_html_to_text(markup: str, text: str) -> None:
    assert html_to_text(markup) == text


def test_random_markup_never_raises_and_leaves_no_tags() -> None:
    """Malformed markup degrades to its text: no exception, no tag left over."""
    pieces = [
        "<p>",
        "</p>",
        "<div",
        ">",
        "<br/>",
        "<li>",
        "</ul>",
        "<ol>",
        "<blockquote>",
        "</blockquote>",
        "<!--",
        "-->",
        "<script>",
        "</script>",
        "&amp;",
        "&#99999999;",
        "text",
        " ",
        "\n",
        "<",
        '"',
        "'",
        "<a href='",
        "<pre>",
        "</pre>",
        "<td>",
        "\x00",
    ]
    generator = random.Random(4521)
    for _ in range(2000):
        markup = "".join(generator.choice(pieces) for _ in range(generator.randint(0, 40)))
        text = html_to_text(markup)
        assert isinstance(text, str)
        assert "<p>" not in text and "</blockquote>" not in text and "<li>" not in text


def test_quoted_history_can_be_dropped_with_a_note() -> None:
    """Timelines leave out what a reply quotes: the quoted message is in the timeline already."""
    markup = (
        "<div>Any update?</div><div class='gmail_quote'><div>On Tue, Nov 28, 2023 Ava wrote:"
        "<br></div><blockquote>Sorry about that!<blockquote>Older</blockquote></blockquote></div>"
        "<div>Jane</div>"
    )
    assert html_to_text(markup, drop_quotes=True) == (
        "Any update?\n\n[earlier quoted message omitted]\n\nJane"
    )
    kept = html_to_text(markup)
    assert "  Sorry about that!" in kept and "    Older" in kept and "Ava wrote:" in kept


def test_quoted_lines_of_plain_text_can_be_dropped() -> None:
    text = "Thanks!\n\nOn Mon, Ben wrote:\n> first\n> second\n\nBye"
    assert html_to_text(text, drop_quotes=True) == (
        "Thanks!\n\n[earlier quoted message omitted]\n\nBye"
    )
    assert html_to_text(text) == text
