"""Turn a document's text into passages: paragraphs with language, kind, section and offsets.

Texts come from PDFs with hard-wrapped lines, end-of-line hyphenation and page furniture.
The rules go by the shape of the text and the catalogue record, never by line numbers:

- Page furniture (page numbers, rules, the journal's running header, short lines repeated on
  every page) is dropped.
- A paragraph ends at a blank line, unless the next line starts in lower case after a line
  that does not end a sentence (a paragraph broken by a page). Without a blank line, a new
  paragraph starts where the script changes (Latin/Cyrillic), at a keywords line, and at an
  indented line starting in upper case after a line that ends a sentence.
- Lines are joined with a space; a line-end hyphen between lower-case letters is removed,
  unless the hyphenated word occurs unbroken elsewhere in the document and the joined one
  does not. Other line-end hyphens (``İKT-``/``nin``, ``44-``/``дневной``) stay, unspaced.
- Consecutive all-capitals paragraphs form one title. Before the first title is front
  matter; after a title come abstract paragraphs up to a keywords line; after keywords
  come the body, or, after the last keywords of a document that already had a body, back
  matter. A document without a title is all body.
- Body sections start at the catalogue's run-in headings, or at a short unpunctuated
  paragraph (a heading of its own). Title, abstract and keywords take the title as section.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from .catalog import Document
from .langid import detect, script
from .passage import Passage

_SENTENCE_END = tuple(".!?…\"'”»)]")
_KEYWORDS = re.compile(r"(açar sözlər|ключевые слова|keywords|key words)\s*:", re.IGNORECASE)
_PAGE_NUMBER = re.compile(r"\d{1,4}")
_RULE = re.compile(r"[_\-–—=*~.·•]{3,}")
_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
_HYPHENATED_TAIL = re.compile(r"([^\W_]+(?:-[^\W_]+)*)-$")
_HEAD_WORD = re.compile(r"[^\W_]+")
_REPEATS = 3          # a short line seen this often is a running header or footer
_SHORT_LINE = 100
_HEADING_WORDS = 12


@dataclass(frozen=True)
class _Line:
    start: int   # offset of the first non-space character
    end: int     # offset after the last non-space character
    text: str    # the line as in the source, without its newline
    script: str  # its script (``langid.script``) if it has four letters or more, else ""


def segment(doc: Document, text: str) -> list[Passage]:
    """Split *text* (the decoded content of *doc*) into passages, numbered from 1."""
    lines = _lines(text)
    forms = {m.group().casefold() for line in lines for m in _WORD.finditer(line.text)}
    authors = tuple(_norm(a) for a in doc.authors)
    paragraphs = _merge_titles([(_join(p, forms), p) for p in _paragraphs(lines, doc)], authors)
    structure = _structure([body for body, _ in paragraphs], doc.headings, authors)
    return [Passage(doc_id=doc.id, number=number, lang=detect(body, default=doc.language), kind=kind,
                    text=body, start=span[0].start, end=span[-1].end, section=section)
            for number, ((body, span), (kind, section)) in enumerate(zip(paragraphs, structure, strict=True), 1)]


def _lines(text: str) -> list[_Line]:
    lines, offset = [], 0
    for raw in text.split("\n"):
        stripped = raw.lstrip()
        start = offset + len(raw) - len(stripped)
        lines.append(_Line(start, start + len(stripped.rstrip()), raw,
                           script(raw) if _has_letters(raw, 4) else ""))
        offset += len(raw) + 1
    return lines


def _norm(s: str) -> str:
    """Folded for comparison: dashes unified, spaces collapsed, case and dotted/dotless i ignored."""
    s = re.sub(r"[\u2010-\u2015\u2212]", "-", unicodedata.normalize("NFC", s))
    return " ".join(s.split()).casefold().replace("\u0307", "").replace("ı", "i")


def _furniture(lines: list[_Line], doc: Document) -> set[int]:
    """Indices of lines that are page furniture rather than text."""
    norms = [_norm(line.text) for line in lines]
    counts = Counter(norms)
    labels = [_norm(v) for v in (doc.container, doc.container_en, doc.special_issue) if v]
    year = str(doc.year) if doc.year else None
    found = set()
    for i, (line, norm) in enumerate(zip(lines, norms, strict=True)):
        if not norm:
            continue
        if (_PAGE_NUMBER.fullmatch(norm) or _RULE.fullmatch(norm)
                or (counts[norm] >= _REPEATS and len(norm) <= _SHORT_LINE
                    and any(c.isalpha() for c in norm) and not _ends_sentence(line))
                or any(label in norm and ((year and year in norm) or len(norm) <= len(label) + 40)
                       for label in labels)):
            found.add(i)
    return found


def _ends_sentence(line: _Line) -> bool:
    return line.text.rstrip().endswith(_SENTENCE_END)


def _starts_lower(line: _Line) -> bool:
    first = line.text.lstrip()[:1]
    return first.isalpha() and first.islower()


def _has_letters(text: str, n: int) -> bool:
    """At least *n* letters; stops counting at *n* (lines can be long, this runs for each)."""
    for c in text:
        if c.isalpha():
            n -= 1
            if n <= 0:
                return True
    return False


def _paragraphs(lines: list[_Line], doc: Document) -> list[list[_Line]]:
    furniture = _furniture(lines, doc)
    paras: list[list[_Line]] = []
    gap = True
    for i, line in enumerate(lines):
        if i in furniture or not line.text.strip():
            gap = True
            continue
        if not paras or _starts_paragraph(paras[-1], line, gap):
            paras.append([line])
        else:
            paras[-1].append(line)
        gap = False
    return paras


def _starts_paragraph(para: list[_Line], line: _Line, gap: bool) -> bool:
    prev = para[-1]
    continues = _starts_lower(line) and not _ends_sentence(prev)
    scripts = {prev.script, line.script} - {""}
    if _KEYWORDS.match(line.text.lstrip()) or len(scripts) > 1:
        return True
    if gap or _KEYWORDS.match(para[0].text.lstrip()):
        return not continues
    indented = line.text[:1].isspace() and line.text.lstrip()[:1].isupper()
    return indented and _ends_sentence(prev)


def _join(para: list[_Line], forms: set[str]) -> str:
    out = ""
    for line in para:
        piece = " ".join(line.text.split())
        tail = _HYPHENATED_TAIL.search(out)
        if not out:
            out = piece
        elif tail is None:
            out = f"{out} {piece}"
        elif _drop_hyphen(tail.group(1), _HEAD_WORD.match(piece), forms):
            out = out[:-1] + piece
        else:
            out += piece
    return unicodedata.normalize("NFC", out)


def _drop_hyphen(fragment: str, head: re.Match | None, forms: set[str]) -> bool:
    """Whether ``fragment-`` + *head* is a word broken at the line end (not a real hyphen)."""
    if not head or not (fragment[-1].islower() and head.group()[0].islower()):
        return False
    hyphenated = f"{fragment}-{head.group()}".casefold()
    joined = f"{fragment}{head.group()}".casefold()
    return not (hyphenated in forms and joined not in forms)


def _capitals(text: str, authors: tuple[str, ...]) -> bool:
    """All in capitals, and not an author's name (often printed in capitals above the title)."""
    letters = 0
    for c in text:
        if c.isalpha():
            if not c.isupper():
                return False   # most paragraphs stop here, at their second letter
            letters += 1
    return letters >= 2 and not any(a in _norm(text) for a in authors)


def _is_title(text: str, authors: tuple[str, ...]) -> bool:
    if not _capitals(text, authors):
        return False
    words = [w for w in _HEAD_WORD.findall(text) if sum(c.isalpha() for c in w) >= 2]
    return len(words) >= 3 and sum(c.isalpha() for c in text) >= 12


def _merge_titles(paras: list[tuple[str, list[_Line]]], authors: tuple[str, ...]
                  ) -> list[tuple[str, list[_Line]]]:
    """Join consecutive all-capitals paragraphs of one script (a title set over lines)."""
    merged: list[tuple[str, list[_Line]]] = []
    for body, lines in paras:
        if (merged and _capitals(body, authors) and _capitals(merged[-1][0], authors)
                and script(body) == script(merged[-1][0])):
            merged[-1] = (f"{merged[-1][0]} {body}", merged[-1][1] + lines)
        else:
            merged.append((body, lines))
    return merged


def _structure(texts: list[str], headings: tuple[str, ...], authors: tuple[str, ...]) -> list[tuple[str, str]]:
    """(kind, section) for each paragraph text, in order."""
    titles = [_is_title(t, authors) for t in texts]
    keywords = [bool(_KEYWORDS.match(t)) for t in texts]
    state = "front" if any(titles) else "body"
    title = heading = ""
    body_seen = False
    out = []
    for i, t in enumerate(texts):
        if titles[i]:
            kind, title, heading = "title", t, ""
            state = "abstract" if _keywords_before_title(titles, keywords, i + 1) else "body"
        elif keywords[i]:
            kind = "keywords"
            state = "back" if body_seen and not any(titles[i + 1:]) else "body"
        elif state == "body":
            found = _heading(t, headings)
            heading = found or heading
            kind = "heading" if found and _norm(t).rstrip(".:") == _norm(found) else "body"
            body_seen = True
        else:
            kind = state
        in_title_block, in_body = kind in ("title", "abstract", "keywords"), kind in ("heading", "body")
        out.append((kind, title if in_title_block else heading if in_body else ""))
    return out


def _keywords_before_title(titles: list[bool], keywords: list[bool], start: int) -> bool:
    """Whether a keywords paragraph comes at or after *start* before the next title."""
    for is_title, is_keywords in zip(titles[start:], keywords[start:], strict=True):
        if is_title:
            return False
        if is_keywords:
            return True
    return False


def _heading(text: str, headings: tuple[str, ...]) -> str:
    """The section heading *text* starts with (a catalogue one, or itself if heading-shaped)."""
    norm = _norm(text)
    for h in headings:
        nh = _norm(h)
        if norm.startswith(nh) and norm[len(nh):len(nh) + 1] in ("", ".", ":", " "):
            return h
    words = text.split()
    if (len(words) <= _HEADING_WORDS and not text.endswith(tuple(".,;:!?…")) and
            text[:1].isupper() and any(c.islower() for c in text)):
        return text
    return ""
