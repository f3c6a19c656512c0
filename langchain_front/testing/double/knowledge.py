"""Front double handlers for knowledge bases: list them, list a base's articles (slim, as Front
lists them: no name, no content) and read an article with its content."""

from __future__ import annotations

import copy
from typing import Any

import httpx

from langchain_front.testing.content import content_of, slim_article
from langchain_front.testing.double.calls import Call, handles, json_response, not_found
from langchain_front.testing.double.core import FrontDouble
from langchain_front.testing.double.pages import list_response


@handles("list-knowledge-bases")
def list_bases(double: FrontDouble, call: Call) -> httpx.Response:
    bases = content_of(double.store).knowledge_bases.values()
    slim = [{k: v for k, v in kb.items() if k not in ("name", "status", "locale")} for kb in bases]
    return list_response(double, call, copy.deepcopy(slim))


@handles("list-articles-in-a-knowledge-base")
def list_articles(double: FrontDouble, call: Call) -> httpx.Response:
    content = content_of(double.store)
    base = call.params["knowledge_base_id"]
    if base not in content.knowledge_bases:
        raise not_found(f"Unknown knowledge base ID {base}")
    items = [
        slim_article(a) for aid, a in content.articles.items() if content.article_base[aid] == base
    ]
    return list_response(double, call, items)


def _article(double: FrontDouble, call: Call) -> dict[str, Any]:
    article_id = call.params["article_id"]
    article = content_of(double.store).articles.get(article_id)
    if article is None:
        raise not_found(f"Unknown knowledge base article ID {article_id}")
    return copy.deepcopy(article)


@handles("get-a-knowledge-base-article")
def get_article(double: FrontDouble, call: Call) -> httpx.Response:
    return json_response(200, slim_article(_article(double, call)))


@handles(
    "get-knowledge-base-article-with-content-in-default-locale",
    "get-knowledge-base-article-with-content-in-specified-locale",
)
def get_article_content(double: FrontDouble, call: Call) -> httpx.Response:
    article = _article(double, call)
    locale = call.params.get("locale")
    if locale is not None and locale not in article["locales"]:
        raise not_found(f"Article {article['id']} has no {locale} version")
    return json_response(200, article)
