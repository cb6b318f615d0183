"""The search page in a real Chromium, against Sanad under waitress on the real corpus."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

from live_server import search

if TYPE_CHECKING:                  # playwright may be missing: the tests then skip
    from playwright.sync_api import Dialog

PHONE = {"width": 390, "height": 844}



@pytest.mark.parametrize("query, lang, marked", [
    ("Xocalı", "az", "Xocalı"),
    ("резолюция", "ru", "резолюц"),
    ("Casablanca", "en", "Casablanca"),
])
def test_search_in_each_language(page, live_server, query, lang, marked):
    search(page, live_server, query)
    results = page.locator(".result")
    assert results.count() > 0
    mine = results.filter(has=page.locator(f'.passage[lang="{lang}"]')).first
    assert marked.casefold() in mine.locator(".passage mark").first.inner_text().casefold()
    assert mine.locator(f".badge.lang-{lang}").first.is_visible()
    assert mine.locator(".citation").first.inner_text().strip()
    assert page.locator("#results-summary").inner_text().startswith("1–")
    assert page.get_by_role("combobox", name="Search the corpus").input_value() == query


def test_a_phrase_query_finds_passages_and_says_what_else_was_searched(page, live_server):
    search(page, live_server, "Casablanca summit")
    assert page.locator(".result .passage mark").count() > 0
    if page.locator(".expansions").count():  # glossary equivalents, when the glossary has the term
        assert page.locator(".expansions").inner_text().startswith("Also searched:")


def test_results_page_screenshots(page, live_server, artifacts_dir):
    search(page, live_server, "Xocalı OR резолюция OR summit")
    page.screenshot(path=str(artifacts_dir / "web-results.png"), full_page=True)
    page.set_viewport_size(PHONE)
    page.screenshot(path=str(artifacts_dir / "web-results-phone.png"), full_page=False)
    page.goto(live_server + "/")
    page.screenshot(path=str(artifacts_dir / "web-home-phone.png"), full_page=False)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server + "/")
    page.screenshot(path=str(artifacts_dir / "web-home.png"), full_page=False)
    page.goto(live_server + "/?q=zzyzx&lang=ru")
    page.screenshot(path=str(artifacts_dir / "web-empty.png"), full_page=False)


def test_language_and_document_filters(page, live_server):
    search(page, live_server, "Xocalı OR резолюция OR summit")
    langs = page.locator(".result .passage").evaluate_all("els => els.map(e => e.lang)")
    assert len(set(langs)) > 1

    ru = page.locator('[data-facet-lang="ru"]')
    count = int(ru.locator(".count").inner_text())
    ru.click()
    page.wait_for_url(re.compile(r"lang=ru"))
    langs = page.locator(".result .passage").evaluate_all("els => els.map(e => e.lang)")
    assert set(langs) == {"ru"} and len(langs) == min(count, 10)
    assert page.locator('[data-facet-lang="ru"]').get_attribute("aria-current") == "true"

    doc = page.locator("[data-facet-doc]").first
    doc_id = doc.get_attribute("data-facet-doc")
    doc.click()
    page.wait_for_url(re.compile(r"doc="))
    hrefs = page.locator(".result a.open").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert hrefs and all(h.startswith(f"/doc/{doc_id}?") for h in hrefs)

    page.locator(".active-filters .chip").first.click()  # remove the language filter
    page.wait_for_load_state()
    assert "lang=" not in page.url and f"doc={doc_id}" in page.url


def test_switch_the_interface_language_and_it_is_remembered(page, live_server):
    search(page, live_server, "Xocalı")
    page.get_by_role("navigation", name="Interface language").get_by_role("link", name="RU").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "ru"
    assert page.get_by_role("button", name="Найти").is_visible()
    assert page.locator("#filters-title").inner_text().casefold() == "уточнить"
    assert "q=Xoca" in page.url  # back on the same results
    page.goto(live_server + "/")
    assert page.get_by_role("button", name="Найти").is_visible()
    page.get_by_role("navigation", name="Язык интерфейса").get_by_role("link", name="AZ").click()
    page.wait_for_load_state()
    assert page.get_by_role("button", name="Axtar").is_visible()


def test_copy_citation_from_a_result(page, live_server):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server)
    search(page, live_server, "резолюция")
    first = page.locator(".result").first
    citation = first.locator(".citation").first.inner_text().strip()
    button = first.get_by_role("button", name="Copy citation").first
    assert button.is_visible()
    button.click()
    page.wait_for_function("() => document.querySelector('.result button.copy').textContent === 'Copied'")
    assert page.evaluate("navigator.clipboard.readText()") == citation


def test_slash_focuses_the_search_box(page, live_server):
    search(page, live_server, "Xocalı")
    page.locator(".result-title a").first.focus()
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "q"


def test_query_errors_are_shown_on_the_page(page, live_server):
    response = page.goto(live_server + "/?q=-Xocalı")
    assert response.status == 400
    assert page.get_by_role("alert").is_visible()
    assert page.get_by_role("combobox", name="Search the corpus").input_value() == "-Xocalı"


def test_markup_in_the_query_is_shown_as_text(page, live_server):
    dialogs = []
    def dismiss(d: Dialog) -> None:
        dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", dismiss)
    search(page, live_server, "<script>alert(1)</script>")
    assert page.get_by_role("combobox", name="Search the corpus").input_value() == "<script>alert(1)</script>"
    assert not dialogs


def test_works_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(live_server + "/")
        page.get_by_role("searchbox", name="Search the corpus").fill("Xocalı")   # no completions without JS
        page.get_by_role("button", name="Search").click()
        page.wait_for_url(re.compile(r"/\?q="))
        assert page.locator(".result mark").count() > 0
        assert page.locator(".result button.copy").first.is_hidden()  # copy needs JS; the text is shown
        assert page.locator(".result .citation").first.is_visible()
        page.locator(".result a.open").first.click()
        page.wait_for_url(re.compile(r"/doc/.*#p\d+"))
        anchor = page.url.rsplit("#", 1)[1]
        assert "match" in page.locator(f"#{anchor}").get_attribute("class")
    finally:
        context.close()


def test_keyboard_skip_link_and_visible_focus(page, live_server):
    page.goto(live_server + "/doc/azerbaijan-oic-en")
    page.keyboard.press("Tab")
    skip = page.locator("a.skip")
    assert page.evaluate("document.activeElement.className") == "skip"
    assert skip.evaluate("el => el.getBoundingClientRect().top >= 0")
    page.keyboard.press("Tab")  # the next stop, the site name, shows a focus ring
    ring = page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
                                    return [s.outlineStyle, s.outlineWidth]; }""")
    assert ring == ["solid", "3px"]
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    page.wait_for_function("() => location.hash === '#main'")
    assert page.evaluate("document.activeElement.id") == "main"


def test_phone_width_has_no_horizontal_scroll(page, live_server):
    page.set_viewport_size(PHONE)
    for path in ("/", "/?q=Xocalı OR резолюция OR summit", "/doc/mammadzade-2022?q=Xocalı"):
        page.goto(live_server + path)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
