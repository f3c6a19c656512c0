"""Knowledge base tools: search a knowledge base's articles, and read one article as text.

Front's API has no article search, and its article lists are slim (ID, slug and locales: no
title, no text). Searching therefore pages through the base's whole article list, then reads
articles one by one and matches them here. Each read is one request against the company's rate
limit, so one call reads at most ``max_articles`` of them and says where to continue.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Annotated, Any

from langchain_core.tools import ToolException
from pydantic import AfterValidator, BaseModel, Field

from langchain_front.client.pages import ListPage
from langchain_front.tools._base import Call, FrontTool, Steps
from langchain_front.tools._fields import IdKind, ToolArgs
from langchain_front.tools._registry import register
from langchain_front.tools.render.knowledge import article_text, render_article, render_article_hit

KNOWLEDGE_BASE = IdKind(
    "knb_",
    "knowledge base",
    "knb_3c0",
    "leave knowledge_base_id empty: front_search_knowledge_base lists the knowledge bases when "
    "there are several",
)
ARTICLE = IdKind(
    "kba_",
    "knowledge base article",
    "kba_3c0",
    "find the article with front_search_knowledge_base",
)
KnowledgeBaseId = Annotated[
    str, AfterValidator(KNOWLEDGE_BASE), KNOWLEDGE_BASE.field(), KNOWLEDGE_BASE
]
ArticleId = Annotated[str, AfterValidator(ARTICLE), ARTICLE.field(), ARTICLE]

#: Most pages of the article list read in one call (100 articles each).
MAX_LIST_PAGES = 20

_WORD_RE = re.compile(r"\w+", re.UNICODE)


class SearchKnowledgeBaseInput(ToolArgs):
    """Arguments of front_search_knowledge_base."""

    query: str = Field(
        min_length=1,
        max_length=200,
        description="Words to find in an article's title, keywords or text (every word must "
        "appear; case-insensitive).",
    )
    knowledge_base_id: KnowledgeBaseId | None = Field(
        default=None,
        description="Knowledge base to search (knb_...). Empty: the company's only knowledge "
        "base (when there are several, the tool lists them).",
    )
    published_only: bool = Field(
        default=True, description="Only published articles (default); false: drafts too."
    )
    limit: int = Field(default=5, ge=1, le=100, description="Most matches to return (1-100).")
    max_articles: int = Field(
        default=25,
        ge=1,
        le=100,
        description="Most articles to read in this call (each read is one request; 1-100).",
    )
    start_at: int = Field(
        default=0,
        ge=0,
        le=100_000,
        description="Position in the knowledge base to start reading at: 0 the first time; "
        "to continue, the start_at the previous result gives.",
    )


def _words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD_RE.findall(text)]


def article_score(article: Mapping[str, Any], words: list[str]) -> int:
    """0 when a word is missing; else higher for words in the title and keywords."""
    name = str(article.get("name") or "").casefold()
    keywords = " ".join(str(k) for k in article.get("keywords") or []).casefold()
    text = article_text(article).casefold()
    score = 0
    for word in words:
        if word not in name and word not in keywords and word not in text:
            return 0
        score += 5 * (word in name) + 3 * (word in keywords) + min(text.count(word), 5)
    return score


@register
class FrontSearchKnowledgeBase(FrontTool):
    """Search a knowledge base's articles by words in their title, keywords or text."""

    name: str = "front_search_knowledge_base"
    description: str = (
        "Search a Front knowledge base (help center) for articles containing every word of "
        "query, in title, keywords or text. Front has no search endpoint and lists articles "
        "without text, so this tool reads articles one by one: up to max_articles per call "
        "(one request each), and says the start_at to continue with when the base is larger. "
        "Each match gives the article ID (kba_...), title, status, keywords and a snippet; "
        "front_get_knowledge_base_article gives the whole text."
    )
    args_schema: type[BaseModel] = SearchKnowledgeBaseInput
    operations = (
        "list-knowledge-bases",
        "list-articles-in-a-knowledge-base",
        "get-knowledge-base-article-with-content-in-default-locale",
    )
    group = "knowledge"
    example = {"query": "refund"}

    page_size: int = Field(default=100, exclude=True)
    """Articles per page of the article list (Front's maximum)."""

    def steps(self, args: SearchKnowledgeBaseInput) -> Steps:
        """Find the base, page through its article list, read a bounded slice and match."""
        base = args.knowledge_base_id or (yield from _only_base())
        ids: list[str] = []
        token: str | None = None
        for _ in range(MAX_LIST_PAGES):
            query: dict[str, Any] = {"limit": self.page_size}
            if token:
                query["page_token"] = token
            page = ListPage.of(
                (
                    yield Call(
                        "list-articles-in-a-knowledge-base",
                        path_params={"knowledge_base_id": base},
                        query=query,
                    )
                ).data
            )
            ids += [a["id"] for a in page.items if isinstance(a, dict) and "id" in a]
            token = page.page_token
            if not token:
                break
        words = _words(args.query)
        if not words:
            raise ToolException("query has no words to search for: give one or more words.")
        chosen = ids[args.start_at : args.start_at + args.max_articles]
        hits: list[tuple[int, int, dict[str, Any]]] = []
        for index, article_id in enumerate(chosen):
            data = (
                yield Call(
                    "get-knowledge-base-article-with-content-in-default-locale",
                    path_params={"article_id": article_id},
                )
            ).data
            if not isinstance(data, dict):
                continue
            if args.published_only and data.get("status") not in (None, "published"):
                continue
            score = article_score(data, words)
            if score:
                hits.append((-score, index, data))
        hits.sort(key=lambda hit: (hit[0], hit[1]))
        found = [data for _, _, data in hits[: args.limit]]
        end = args.start_at + len(chosen)
        listed = f"{len(ids)}" + ("+" if token else "")
        head = (
            f"{len(hits)} matching articles for {args.query!r} in {base} (read articles "
            f"{args.start_at + 1 if chosen else args.start_at}-{end} of {listed}"
            + ("; published only)" if args.published_only else ")")
        )
        lines = [head + (":" if found else ".")]
        lines += [render_article_hit(a, words) for a in found]
        if len(hits) > len(found):
            lines.append(f"({len(hits) - len(found)} more matches: raise limit to see them.)")
        if end < len(ids) or token:
            lines.append(
                f"Not searched yet: articles after {end}. To continue, call again with "
                f"start_at={end}."
            )
        return "\n".join(lines), {
            "knowledge_base_id": base,
            "_results": found,
            "read": chosen,
            "total_listed": len(ids),
        }


def _only_base() -> Any:
    """The company's only knowledge base, or an error listing them."""
    bases = ListPage.of((yield Call("list-knowledge-bases")).data).items
    found = [b for b in bases if isinstance(b, dict) and isinstance(b.get("id"), str)]
    if len(found) == 1:
        return found[0]["id"]
    if not found:
        raise ToolException("This Front company has no knowledge base.")
    listed = ", ".join(f"{b['id']} ({b.get('type') or 'unknown type'})" for b in found[:20])
    raise ToolException(
        f"There are {len(found)} knowledge bases: {listed}. Call again with knowledge_base_id."
    )


class GetArticleInput(ToolArgs):
    """Arguments of front_get_knowledge_base_article."""

    article_id: ArticleId
    locale: str | None = Field(
        default=None,
        max_length=10,
        pattern=r"^[a-zA-Z]{2}([-_][a-zA-Z]{2,4})?$",
        description="Locale of the text (e.g. en, fr). Empty: the knowledge base's default.",
    )


@register
class FrontGetKnowledgeBaseArticle(FrontTool):
    """Read one knowledge base article, its content as text."""

    name: str = "front_get_knowledge_base_article"
    description: str = (
        "Read one Front knowledge base article (kba_...) with its whole content as plain text: "
        "its knowledge base ID, status, locale, last update, then the text (which opens with "
        "the title)."
    )
    args_schema: type[BaseModel] = GetArticleInput
    operations = (
        "get-knowledge-base-article-with-content-in-default-locale",
        "get-knowledge-base-article-with-content-in-specified-locale",
    )
    group = "knowledge"
    example = {"article_id": "kba_3c0"}

    def steps(self, args: GetArticleInput) -> Steps:
        """GET the article's content (in a locale when asked)."""
        if args.locale:
            call = Call(
                "get-knowledge-base-article-with-content-in-specified-locale",
                path_params={"article_id": args.article_id, "locale": args.locale},
            )
        else:
            call = Call(
                "get-knowledge-base-article-with-content-in-default-locale",
                path_params={"article_id": args.article_id},
            )
        response = yield call
        return render_article(response.data or {}), response.data
