"""What reference managers read off a page, from a record's CSL-JSON.

* Highwire Press ``citation_*`` meta tags, which Zotero's connector and Google Scholar read
  on a document's page.
* COinS (an OpenURL ContextObject in a ``span.Z3988`` title), which Zotero reads for each
  result on a results page and offers to save them all at once. COinS needs no endpoint of
  its own (unAPI needs one, plus a request per item), so it works from the page as served.
"""

from __future__ import annotations

from urllib.parse import urlencode

from .csl import page_range, year_of
from .export import name_text


def meta_tags(item: dict, pdf_url: str | None = None) -> list[tuple[str, str]]:
    """``(name, content)`` pairs of the Highwire tags for *item*; *pdf_url* where the original
    is a PDF. Only what the record knows: no tag for an unknown author or date."""
    tags = [("citation_title", item["title"])]
    tags += [("citation_author", name_text(n)) for n in item.get("author") or []]
    if year_of(item):
        tags.append(("citation_publication_date", year_of(item)))
    for var, name in (("container-title", "citation_journal_title"), ("volume", "citation_volume"),
                      ("issue", "citation_issue"), ("DOI", "citation_doi")):
        if item.get(var):
            tags.append((name, str(item[var])))
    if item.get("page"):
        first, last = page_range(item)
        tags += [("citation_firstpage", first), ("citation_lastpage", last)]
    if item.get("language"):
        tags.append(("citation_language", str(item["language"])))
    if pdf_url:
        tags.append(("citation_pdf_url", pdf_url))
    return tags


def coins(item: dict) -> str:
    """The OpenURL 1.0 (Z39.88-2004) KEV ContextObject for *item*: a journal article in the
    journal format, anything else in Dublin Core."""
    pairs: list[tuple[str, str]] = [("ctx_ver", "Z39.88-2004"), ("rfr_id", "info:sid/sanad")]
    authors = item.get("author") or []
    if item["type"] == "article-journal":
        pairs += [("rft_val_fmt", "info:ofi/fmt:kev:mtx:journal"), ("rft.genre", "article"),
                  ("rft.atitle", item["title"])]
        for var, key in (("container-title", "rft.jtitle"), ("volume", "rft.volume"), ("issue", "rft.issue")):
            if item.get(var):
                pairs.append((key, str(item[var])))
        if item.get("page"):
            first, last = page_range(item)
            pairs += [("rft.spage", first), ("rft.epage", last)]
        if authors and "family" in authors[0]:
            pairs += [("rft.aulast", authors[0]["family"]), ("rft.aufirst", authors[0].get("given", ""))]
        pairs += [("rft.au", name_text(a)) for a in authors]
    else:
        pairs += [("rft_val_fmt", "info:ofi/fmt:kev:mtx:dc"), ("rft.type", "document"), ("rft.title", item["title"])]
        pairs += [("rft.creator", name_text(a)) for a in authors]
    if year_of(item):
        pairs.append(("rft.date", year_of(item)))
    if item.get("language"):
        pairs.append(("rft.language", str(item["language"])))
    return urlencode(pairs)


__all__ = ["coins", "meta_tags"]
