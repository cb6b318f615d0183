"""The reader in a real Chromium: arriving from a result, moving between matches, citing."""

from __future__ import annotations

import re

from live_server import search

PHONE = {"width": 390, "height": 844}

IN_VIEWPORT = """el => {
  const r = el.getBoundingClientRect();
  return r.top >= 0 && r.top < window.innerHeight && r.bottom > 0;
}"""
# Waits are functions, never expressions: Playwright re-evaluates a not-yet-true expression
# with eval() inside the page, which the site's CSP (no 'unsafe-eval') refuses.
IS_TARGET = "id => document.getElementById(id).classList.contains('is-target')"
HASH_IS = "hash => location.hash === hash"


def open_first_result(page, base: str, query: str) -> str:
    """Search, open the first result in its document; the passage's anchor id (``p14``)."""
    search(page, base, query)
    page.locator(".result a.open").first.click()
    page.wait_for_url(re.compile(r"/doc/[\w-]+\?q=.*#p\d+$"))
    return page.url.rsplit("#", 1)[1]


def test_open_a_result_and_land_on_the_highlighted_passage(page, live_server, artifacts_dir):
    anchor = open_first_result(page, live_server, "Xocalı")
    target = page.locator(f"#{anchor}")
    page.wait_for_function(IS_TARGET, arg=anchor)
    classes = target.get_attribute("class").split()
    assert "match" in classes and "is-target" in classes
    assert target.evaluate(IN_VIEWPORT)
    assert target.locator("mark").count() > 0
    assert target.evaluate("el => el.matches(':target')")
    # every passage that matched is marked, not only the target
    assert page.locator(".passage.match").count() >= 2
    assert page.locator(".match-bar").inner_text().startswith("3 passages match")
    page.screenshot(path=str(artifacts_dir / "web-reader.png"), full_page=False)
    page.set_viewport_size(PHONE)
    target.scroll_into_view_if_needed()
    page.goto(page.url)
    page.screenshot(path=str(artifacts_dir / "web-reader-phone.png"), full_page=False)


def test_next_and_previous_match_links(page, live_server):
    page.goto(live_server + "/doc/oic-azerbaijan-ru?q=резолюция")
    matches = page.locator(".passage.match").evaluate_all("els => els.map(e => e.id)")
    assert len(matches) >= 3
    page.locator("[data-first-match]").click()
    assert page.url.endswith("#" + matches[0])
    page.locator(f"#{matches[0]} [data-next-match]").click()
    assert page.url.endswith("#" + matches[1])
    page.wait_for_function(IS_TARGET, arg=matches[1])
    assert page.locator(f"#{matches[1]}").evaluate(IN_VIEWPORT)
    assert page.locator(".passage.is-target").count() == 1
    page.locator(f"#{matches[1]} [data-prev-match]").click()
    assert page.url.endswith("#" + matches[0])
    # the keyboard does the same: n for next, p for previous
    page.keyboard.press("n")
    page.wait_for_function(HASH_IS, arg="#" + matches[1])
    page.keyboard.press("p")
    page.wait_for_function(HASH_IS, arg="#" + matches[0])


def test_reader_shows_metadata_citation_and_numbered_passages(page, live_server, artifacts_dir):
    page.goto(live_server + "/doc/mammadzade-2022")
    assert page.locator("h1").inner_text().startswith("İslam Əməkdaşlıq Təşkilatının")
    assert page.locator("#doc-cite").inner_text().startswith("Məmmədzadə A. İslam")   # GOST, the default
    numbers = page.locator(".passage .pnum").all_inner_texts()
    assert numbers[:3] == ["1", "2", "3"]
    assert page.locator("#p1").count() == 1
    page.locator(".bibtex summary").click()
    assert page.locator("#doc-bibtex").is_visible()
    assert re.match(r"@article\{\w+2022,", page.locator("#doc-bibtex").inner_text())
    page.screenshot(path=str(artifacts_dir / "web-reader-top.png"), full_page=False)


def test_copy_citation_of_a_passage(page, live_server):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server)
    page.goto(live_server + "/doc/azerbaijan-oic-en#p3")
    passage = page.locator("#p3")
    passage.get_by_text("Cite this passage").click()
    textarea = passage.locator("textarea")
    textarea.wait_for()           # fetched from the API: the page holds no copy of each citation
    assert textarea.is_visible() and page.evaluate("document.activeElement.id") == "c3"
    citation = textarea.input_value()
    assert citation.startswith("[[Azerbaijan and the Organisation of Islamic Cooperation: resolutions and "
                               "assistance], n.d., para. 3]\n")
    passage.get_by_role("button", name="Copy").click()
    passage.get_by_role("button", name="Copied").wait_for()      # the clipboard write has finished
    assert page.evaluate("navigator.clipboard.readText()") == citation


def test_permalink_lands_on_the_passage(page, live_server):
    page.goto(live_server + "/p/azerbaijan-oic-en:3?q=Casablanca")
    assert re.search(r"/doc/azerbaijan-oic-en\?q=Casablanca#p3$", page.url)
    page.wait_for_function(IS_TARGET, arg="p3")
    assert page.locator("#p3").evaluate(IN_VIEWPORT)
