"""What the results page and the reader show in a real Chromium: layout at 390 px and 1366 px,
print, focus, keys, tap targets, results as you type, completions and dark mode."""

from __future__ import annotations

import itertools
import re

import pytest

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
A4_LANDSCAPE = {"width": 1123, "height": 794}        # 297 x 210 mm at 96 px per inch
BOX = "[data-search-box]"


def top_of(page, selector: str) -> float:
    return page.locator(selector).first.evaluate("el => el.getBoundingClientRect().top + window.scrollY")


# -- what the page says ---------------------------------------------------------------------------
def test_also_searched_is_compact_and_the_first_result_is_high_on_a_phone(page, live_server):
    page.set_viewport_size(PHONE)
    page.goto(live_server + "/?q=OIC summit")
    box = page.locator(".expansions").bounding_box()
    assert box["height"] < 200, box
    lines = [line.strip() for line in page.locator(".expansions").inner_text().splitlines()]
    assert "," not in lines and ";" not in lines                 # no separator on a line of its own
    assert top_of(page, ".result") < 560
    more = page.locator(".exp-more summary").first
    assert re.fullmatch(r"and \d+ more", more.inner_text())
    more.click()
    assert page.locator(".exp-more li", has_text="Организация Исламского Сотрудничества").is_visible()


def test_the_page_can_switch_expansion_off(page, live_server):
    page.goto(live_server + "/?q=OIC summit")
    total = page.locator("#results-summary strong").inner_text()
    page.get_by_role("link", name="Search only the words as typed").click()
    page.wait_for_url(re.compile(r"expand=false"))
    assert page.locator(".expansion").count() == 0
    assert "Only the words as typed were searched." in page.locator(".expand-switch").inner_text()
    assert page.locator("#results-summary strong").inner_text() != total
    assert page.locator('input[type=hidden][name=expand]').get_attribute("value") == "false"
    page.get_by_role("link", name="Also search names and word variants").click()
    page.wait_for_url(re.compile(r"/\?q=OIC\+summit$"))


def test_passages_of_one_document_are_grouped(page, live_server):
    page.goto(live_server + "/?q=OIC summit")
    titles = page.locator(".result-title").all_inner_texts()
    assert len(titles) == len(set(titles))
    more = page.locator(".more-passages summary").first
    assert re.fullmatch(r"\d+ more passages? in this document", more.inner_text())
    more.click()
    assert page.locator(".more-passage").first.is_visible()


# -- moving around ----------------------------------------------------------------------------------
def test_back_to_results_keeps_filters_and_page(page, live_server):
    page.goto(live_server + "/?q=OIC summit&lang=ru&page=2")
    page.locator(".result a.open").first.click()
    page.wait_for_url(re.compile(r"/doc/"))
    page.get_by_role("link", name="Back to results").click()
    page.wait_for_url(re.compile(r"/\?"))
    assert re.search(r"[?&]lang=ru(&|$)", page.url) and re.search(r"[?&]page=2(&|$)", page.url)
    assert page.locator("[data-facet-lang=ru][aria-current=true]").count() == 1


def test_switching_language_in_the_reader_keeps_the_anchor(page, live_server):
    page.goto(live_server + "/doc/mammadzade-2022?q=Xocalı#p21")
    page.get_by_role("navigation", name="Interface language").get_by_role("link", name="RU").click()
    page.wait_for_url(re.compile(r"#p21$"))
    assert page.get_by_role("button", name="Найти").is_visible()
    page.wait_for_function("() => document.getElementById('p21').classList.contains('is-target')")


def test_pager_has_first_and_last(page, live_server):
    page.goto(live_server + "/?q=OIC summit&page=4")
    first, last = page.locator("[data-page-first]"), page.locator("[data-page-last]")
    assert first.inner_text().strip() == "« First" and first.get_attribute("href") == "/?q=OIC+summit"
    shown = re.fullmatch(r"Last \((\d+)\) »", last.inner_text().strip())
    assert shown, last.inner_text()
    n = shown.group(1)
    last.click()
    page.wait_for_url(re.compile(rf"page={n}$"))
    assert page.locator(".pager [aria-current=page]").inner_text() == n


def test_match_bar_counts_and_the_keys_are_named(page, live_server):
    page.goto(live_server + "/doc/mammadzade-2022?q=Xocalı")
    total = page.locator(".passage.match").count()
    assert total >= 3
    keys = page.locator(".match-bar .keys")
    assert keys.is_visible() and "n or j next match" in keys.inner_text()
    page.keyboard.press("n")
    page.locator("[data-match-pos]", has_text=f"(match 1 of {total})").wait_for()
    page.keyboard.press("n")
    page.locator("[data-match-pos]", has_text=f"(match 2 of {total})").wait_for()   # the hash moves, then the bar
    page.keyboard.press("k")
    page.locator("[data-match-pos]", has_text=f"(match 1 of {total})").wait_for()
    second = page.locator(".passage.match").nth(1)
    assert second.locator(".match-of").inner_text() == f"match 2 of {total}"      # also without JavaScript


# -- focus and keys --------------------------------------------------------------------------------
def test_home_focuses_search_and_results_do_not(page, live_server):
    page.goto(live_server + "/")
    assert page.evaluate("document.activeElement.id") == "q"
    page.goto(live_server + "/?q=Xocalı")
    assert page.evaluate("document.activeElement.tagName") == "BODY"


def test_ctrl_k_and_arrows(page, live_server):
    page.goto(live_server + "/?q=OIC summit")
    page.keyboard.press("ArrowDown")
    titles = page.locator(".result-title a")
    assert page.evaluate("document.activeElement.href") == titles.nth(0).evaluate("a => a.href")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.href") == titles.nth(1).evaluate("a => a.href")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.href") == titles.nth(0).evaluate("a => a.href")
    page.keyboard.press("Control+k")
    assert page.evaluate("document.activeElement.id") == "q"
    page.keyboard.press("Escape")
    page.keyboard.press("Meta+k")
    assert page.evaluate("document.activeElement.id") == "q"


def test_touch_screens_are_not_told_about_keys(browser, live_server):
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    try:
        page = context.new_page()
        page.goto(live_server + "/")
        assert page.locator(".search-hint").is_hidden()
        page.goto(live_server + "/doc/mammadzade-2022?q=Xocalı")
        assert page.locator(".match-bar .keys").is_hidden()
    finally:
        context.close()
    page_desktop = browser.new_page(viewport=DESKTOP)
    try:
        page_desktop.goto(live_server + "/")
        assert page_desktop.locator(".search-hint").is_visible()
    finally:
        page_desktop.close()


def test_tap_targets_are_at_least_24_px_on_a_phone(page, live_server):
    page.set_viewport_size(PHONE)
    small = []
    for path, selector in (("/doc/mammadzade-2022?q=Xocalı", ".passages .pnum"), ("/", ".examples a"),
                           ("/", ".ui-lang a"), ("/?q=OIC summit", ".result-actions a"),
                           ("/doc/mammadzade-2022?q=Xocalı", ".cite-open")):
        page.goto(live_server + path)
        for box in page.locator(selector).evaluate_all(
                "els => els.map(e => e.getBoundingClientRect()).map(r => [r.width, r.height])"):
            if box[0] < 24 or box[1] < 24:
                small.append((path, selector, box))
    assert small == []


def test_labels_point_at_elements_that_exist(page, live_server):
    for path in ("/", "/?q=OIC summit", "/?q=zzyzxqq", "/?q=the", "/doc/mammadzade-2022?q=Xocalı", "/nope"):
        page.goto(live_server + path)
        missing = page.evaluate("""() => [...document.querySelectorAll('[aria-labelledby],[aria-describedby]')]
            .flatMap(el => ((el.getAttribute('aria-labelledby') || '') + ' '
                            + (el.getAttribute('aria-describedby') || ''))
            .split(/\\s+/).filter(Boolean)).filter(id => !document.getElementById(id))""")
        assert missing == [], path


def test_headings_do_not_skip_a_level_on_a_phone(page, live_server):
    page.set_viewport_size(PHONE)
    page.goto(live_server + "/?q=OIC summit")
    levels = page.locator("h1, h2, h3, h4").evaluate_all("els => els.map(e => Number(e.tagName[1]))")
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), levels


# -- layout ------------------------------------------------------------------------------------------
def test_desktop_layout_puts_filters_beside_results(page, live_server):
    page.set_viewport_size(DESKTOP)
    page.goto(live_server + "/?q=OIC summit")
    filters, results = page.locator(".filters").bounding_box(), page.locator(".results").bounding_box()
    assert filters["x"] + filters["width"] <= results["x"] and abs(filters["y"] - results["y"]) < 40
    assert results["width"] > 600


def test_printing_results_uses_the_width_and_shows_addresses(page, live_server):
    page.set_viewport_size(A4_LANDSCAPE)
    page.goto(live_server + "/?q=OIC summit")
    page.emulate_media(media="print")
    assert page.locator(".result-list").bounding_box()["width"] > 900
    assert page.locator(".filters").is_hidden() and page.locator(".search-form").first.is_hidden()
    shown = page.locator(".result-actions a.permalink").first.evaluate(
        "a => getComputedStyle(a, '::after').content")
    assert re.fullmatch(r'" <" attr\(href\) ">"|" </p/[\w-]+@[0-9a-f]{12}>"', shown) or "/p/" in shown, shown
    assert page.locator(".more-passage").first.is_visible()           # grouped passages print too
    pdf = page.pdf(format="A4", landscape=True)
    assert pdf.startswith(b"%PDF")


# -- beyond --------------------------------------------------------------------------------------------
def test_results_appear_as_you_type(page, live_server):
    page.goto(live_server + "/")
    page.evaluate("window.sanadMarker = 1")
    page.locator(BOX).press_sequentially("Casablanca", delay=20)
    page.wait_for_selector(".result")
    assert page.evaluate("window.sanadMarker") == 1                 # the same page, not a new one
    assert page.evaluate("document.activeElement.id") == "q"
    assert page.url.endswith("/?q=Casablanca")
    assert "Casablanca" in page.locator(".result mark").first.inner_text()
    page.locator(BOX).fill("")
    page.locator(BOX).press("Backspace")
    page.wait_for_selector(".home-grid")


def test_completions_offer_glossary_names(page, live_server):
    page.goto(live_server + "/")
    page.locator(BOX).press_sequentially("Xoc", delay=30)
    page.locator("#q-completions option").first.wait_for(state="attached")   # (CSP: no polled eval)
    options = page.locator("#q-completions option").evaluate_all("os => os.map(o => o.value)")
    assert "Xocalı" in options
    page.locator(BOX).fill("")
    page.locator(BOX).press_sequentially("ОИ", delay=30)
    page.locator('#q-completions option[value="ОИС"]').wait_for(state="attached")


def test_dark_mode_follows_the_system(browser, live_server):
    context = browser.new_context(viewport=DESKTOP, color_scheme="dark")
    try:
        page = context.new_page()
        page.goto(live_server + "/?q=Xocalı")
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert background == "rgb(21, 25, 28)"
    finally:
        context.close()
    light = browser.new_page(viewport=DESKTOP, color_scheme="light")
    try:
        light.goto(live_server + "/?q=Xocalı")
        assert light.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(246, 244, 239)"
    finally:
        light.close()


@pytest.mark.parametrize("path", ["/?q=the", "/?q=и"])
def test_a_stop_word_query_gets_a_friendly_answer(page, live_server, path):
    response = page.goto(live_server + path)
    assert response.status == 200
    assert page.get_by_role("alert").count() == 0
    assert page.locator(".notice.gentle").is_visible()
