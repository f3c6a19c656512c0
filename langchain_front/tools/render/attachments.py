"""Attachments: one line per file of a message, and a downloaded file's text for a model.

Text is extracted where the type allows: ``text/*`` (CSV included) decoded with its charset,
HTML through :func:`html_to_text`, JSON re-indented compactly, and PDF with pypdf (a pure-Python
library, imported on first use so that importing the package stays fast). Any other type gets
no text: its bytes stay in the artifact, never in the content.
"""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Mapping
from typing import Any

from langchain_front.tools.render.text import _get, _mappings, _str, html_to_text

#: Most PDF pages whose text is extracted.
MAX_PDF_PAGES = 50

_TEXT_SUFFIXES = {
    ".txt": "text/plain",
    ".csv": "text/csv",
    ".md": "text/markdown",
    ".log": "text/plain",
    ".html": "text/html",
    ".htm": "text/html",
    ".json": "application/json",
    ".pdf": "application/pdf",
}


def human_size(size: Any) -> str:
    """``1.2 KB``, ``3.4 MB``; ``? bytes`` when unknown."""
    if not isinstance(size, (int, float)) or isinstance(size, bool) or size < 0:
        return "? bytes"
    if size < 1024:
        return f"{int(size)} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def render_attachment_line(a: Mapping[str, Any]) -> str:
    """``fil_1 invoice.pdf (application/pdf, 1.2 KB)``, ``[inline]`` for images in the body."""
    att: Mapping[str, Any] = a if isinstance(a, Mapping) else {}
    name = _str(att.get("filename")) or "(unnamed)"
    kind = _str(att.get("content_type")) or "unknown type"
    line = f"{_str(att.get('id')) or '(no id)'} {name} ({kind}, {human_size(att.get('size'))})"
    if _get(att.get("metadata"), "is_inline") is True:
        line += " [inline image in the body]"
    return line


def render_attachment_list(message: Mapping[str, Any]) -> str:
    """The attachments of a message, one per line."""
    files = _mappings(message.get("attachments")) if isinstance(message, Mapping) else []
    mid = _str(message.get("id")) if isinstance(message, Mapping) else None
    if not files:
        return f"Message {mid or '(no id)'} has no attachments."
    noun = "attachment" if len(files) == 1 else "attachments"
    lines = [f"{len(files)} {noun} of message {mid or '(no id)'}:"]
    lines += [render_attachment_line(f) for f in files]
    return "\n".join(lines)


def effective_type(content_type: str | None, filename: str | None) -> str:
    """The media type to read a file as: the given one, or the filename's when the given one is
    missing or generic (``application/octet-stream``)."""
    kind = (content_type or "").split(";")[0].strip().lower()
    if kind and kind != "application/octet-stream":
        return kind
    name = (filename or "").lower()
    for suffix, guessed in _TEXT_SUFFIXES.items():
        if name.endswith(suffix):
            return guessed
    return kind or "application/octet-stream"


def _charset(content_type: str | None) -> str:
    for part in (content_type or "").split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip('"')
    return "utf-8"


def _decode(data: bytes, content_type: str | None) -> str:
    try:
        return data.decode(_charset(content_type), errors="replace")
    except LookupError:  # an unknown charset name
        return data.decode("utf-8", errors="replace")


def _pdf_text(data: bytes) -> tuple[str | None, str]:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    # pypdf logs every oddity of a malformed file; a model gets one line instead.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            return None, "the PDF is encrypted; no text extracted"
        pages = reader.pages
        texts = [page.extract_text() or "" for page in list(pages)[:MAX_PDF_PAGES]]
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
        return None, f"the PDF could not be read ({type(exc).__name__}); no text extracted"
    how = f"text of a {len(pages)}-page PDF"
    if len(pages) > MAX_PDF_PAGES:
        how += f" (first {MAX_PDF_PAGES} pages)"
    text = "\n\n".join(t.strip() for t in texts if t.strip())
    if not text:
        return None, f"a {len(pages)}-page PDF without a text layer (scanned?); no text extracted"
    return text, how


def extract_text(
    data: bytes, content_type: str | None, filename: str | None
) -> tuple[str | None, str]:
    """``(text, how)``: the file's text for a model, or ``None`` and why there is none."""
    kind = effective_type(content_type, filename)
    if kind == "application/pdf":
        return _pdf_text(data)
    if kind in ("text/html", "application/xhtml+xml"):
        return html_to_text(_decode(data, content_type)), "text of the HTML"
    if kind == "application/json" or kind.endswith("+json"):
        raw = _decode(data, content_type)
        try:
            return json.dumps(json.loads(raw), indent=1, ensure_ascii=False), "JSON"
        except ValueError:
            return raw, "text (not valid JSON)"
    if kind.startswith("text/"):
        return _decode(data, content_type), f"text ({kind})"
    return None, f"{kind} has no text to extract; the bytes are in the artifact"
