"""Knowledge base tools on the Front double: a search that pages through every article (Front
lists them without text) within its bound, and an article read as text."""

from __future__ import annotations

import pytest

from langchain_front.testing import FrontDouble
from langchain_front.testing.content import CONTENT_SEED, content_of
from langchain_front.tools.knowledge import FrontSearchKnowledgeBase
from langchain_front.tools.render.knowledge import render_article
from tests.unit_tests.content_helpers import Recorder


@pytest.fixture
def rec(double: FrontDouble) -> Recorder:
    return Recorder(double)


def _article_reads(rec: Recorder) -> list[str]:
    return [p.split("/")[2] for p in rec.paths() if p.endswith("/content")]


def test_search_finds_the_only_base_and_ranks_title_matches_first(rec: Recorder) -> None:
    out = rec.call("front_search_knowledge_base", {"query": "refund"})
    assert out.status == "success", out.content
    assert rec.paths()[0] == "GET /knowledge_bases"
    lines = str(out.content).splitlines()
    assert lines[0].startswith("2 matching articles for 'refund' in knb_3c0")
    assert lines[1].startswith('kba_3c0 "Refund policy" (published; refund, billing) |')
    assert lines[2].startswith('kba_3c3 "Invoices and billing"')
    assert "<p>" not in str(out.content)


def test_search_pages_through_the_whole_list(rec: Recorder) -> None:
    tool = rec.tools["front_search_knowledge_base"]
    assert isinstance(tool, FrontSearchKnowledgeBase)
    tool.page_size = 2
    out = rec.call(
        "front_search_knowledge_base",
        {"query": "password", "knowledge_base_id": CONTENT_SEED.knowledge_base_id},
    )
    lists = [p for p in rec.paths() if p.endswith("/articles")]
    assert len(lists) == 3  # 5 articles, 2 per page
    assert out.artifact["total_listed"] == 5
    assert [a["id"] for a in out.artifact["_results"]] == ["kba_3c2"]
    assert "start_at" not in str(out.content).split("\n", 1)[-1]


def test_search_reads_at_most_max_articles_and_says_where_to_continue(rec: Recorder) -> None:
    out = rec.call("front_search_knowledge_base", {"query": "billing", "max_articles": 2})
    assert _article_reads(rec) == ["kba_3c0", "kba_3c1"]
    assert "call again with start_at=2" in str(out.content)
    more = rec.call(
        "front_search_knowledge_base", {"query": "billing", "max_articles": 2, "start_at": 2}
    )
    assert _article_reads(rec)[2:] == ["kba_3c2", "kba_3c3"]
    assert [a["id"] for a in more.artifact["_results"]] == ["kba_3c3"]


def test_search_every_word_must_match_and_drafts_are_left_out(rec: Recorder) -> None:
    none = rec.call("front_search_knowledge_base", {"query": "refund shipping"})
    assert none.artifact["_results"] == []
    assert str(none.content).startswith("0 matching articles")
    photo = rec.call("front_search_knowledge_base", {"query": "photo"})
    assert photo.artifact["_results"] == []
    drafts = rec.call("front_search_knowledge_base", {"query": "photo", "published_only": False})
    assert [a["id"] for a in drafts.artifact["_results"]] == ["kba_3c4"]


def test_search_with_several_bases_lists_them(rec: Recorder, double: FrontDouble) -> None:
    bases = content_of(double.store).knowledge_bases
    bases["knb_3c1"] = {**bases[CONTENT_SEED.knowledge_base_id], "id": "knb_3c1"}
    out = rec.call("front_search_knowledge_base", {"query": "refund"})
    assert out.status == "error"
    assert "knb_3c0" in str(out.content) and "knb_3c1" in str(out.content)
    assert "knowledge_base_id" in str(out.content)


def test_search_unknown_base(rec: Recorder) -> None:
    out = rec.call("front_search_knowledge_base", {"query": "x", "knowledge_base_id": "knb_zz"})
    assert out.status == "error" and "Unknown knowledge base ID knb_zz" in str(out.content)


def test_get_article_as_text(rec: Recorder) -> None:
    out = rec.call("front_get_knowledge_base_article", {"article_id": "kba_3c2"})
    text = str(out.content)
    head, title = text.splitlines()[:2]
    assert head.startswith("kba_3c2 in knb_3c0: published, en, updated 20")
    assert title == "Reset your password"  # the text's heading: the name is not said twice
    assert text.count("Reset your password") == 1
    assert "1. Open the sign-in page." in text and "<li>" not in text
    assert out.artifact["content"].startswith("<h1>")


def test_get_article_in_a_locale_it_lacks(rec: Recorder) -> None:
    out = rec.call("front_get_knowledge_base_article", {"article_id": "kba_3c0", "locale": "fr"})
    assert out.status == "error" and "no fr version" in str(out.content)
    assert rec.paths() == ["GET /knowledge_base_articles/kba_3c0/locales/fr/content"]


async def test_search_async(rec: Recorder) -> None:
    out = await rec.acall("front_search_knowledge_base", {"query": "shipping"})
    assert [a["id"] for a in out.artifact["_results"]] == ["kba_3c1"]


def test_article_title_is_said_when_the_text_does_not_open_with_it() -> None:
    plain = {"id": "kba_1", "name": "Refunds", "status": "draft", "content": "<p>In 5 days.</p>"}
    assert render_article(plain) == 'kba_1 "Refunds": draft\nIn 5 days.'
    assert render_article({}) == "(no id)\n(no text)"
