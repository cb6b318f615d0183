"""Citing in a real Chromium: the reader offers the styles and exports, a chosen style applies
at once and is remembered, and the copy button gives the chosen style's text."""

from __future__ import annotations

import re

import bibtexparser

from live_server import search

NOTE = ("Aqşin Məmmədzadə, “İslam Əməkdaşlıq Təşkilatının 44 günlük müharibə və post-müharibə dövründəki "
        "proseslərə münasibəti,” Tarix və onun problemləri, no. 3 (2022): par. 14.")
BIBLIOGRAPHY = ("Məmmədzadə, Aqşin. “İslam Əməkdaşlıq Təşkilatının 44 günlük müharibə və post-müharibə "
                "dövründəki proseslərə münasibəti.” Tarix və onun problemləri, no. 3 (2022): 216–21.")

READ_HTML = """async () => {
  const items = await navigator.clipboard.read();
  return items[0].types.includes("text/html") ? await (await items[0].getType("text/html")).text() : "";
}"""


def test_the_reader_offers_styles_and_exports_and_copies_the_chosen_style(page, live_server, artifacts_dir):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server)
    page.goto(live_server + "/doc/mammadzade-2022")
    picker = page.locator(".cite-doc select[name=style]")
    assert picker.locator("option").all_inner_texts() == [
        "ГОСТ Р 7.0.5–2008 (author–date)", "ГОСТ Р 7.0.5–2008 (numeric)", "Chicago (notes and bibliography)",
        "Chicago (author–date)", "APA 7", "MLA 9"]
    assert page.locator(".cite-doc [data-style-apply]").is_hidden()     # the script applies a choice at once
    exports = page.locator(".cite-doc a[data-export]")
    assert exports.all_inner_texts() == ["BibTeX", "RIS", "CSL-JSON"]

    with page.expect_navigation():
        picker.select_option("chicago-notes")
    assert page.locator("#doc-cite").inner_text() == BIBLIOGRAPHY
    page.goto(live_server + "/doc/mammadzade-2022#p14")             # remembered (the cookie)
    passage = page.locator("#p14")
    passage.get_by_text("Cite this passage").click()
    passage.get_by_role("button", name="Copy").click()
    passage.get_by_role("button", name="Copied").wait_for()      # the clipboard write has finished
    assert page.evaluate("navigator.clipboard.readText()") == f"{NOTE}\n{BIBLIOGRAPHY}"
    # and as HTML, with the style's italics, for a word processor
    html = page.evaluate(READ_HTML)
    assert "<i>Tarix və onun problemləri</i>, no. 3 (2022): par. 14." in html
    assert "<i>Tarix və onun problemləri</i>, no. 3 (2022): 216–21." in html
    page.screenshot(path=str(artifacts_dir / "web-cite-chicago.png"), full_page=False)

    href = passage.locator("a[data-export=bibtex]").get_attribute("href")
    assert href and "passage=14" in href and "style=chicago-notes" in href
    response = page.request.get(live_server + href)
    assert response.headers["content-type"].startswith("application/x-bibtex")
    entry = bibtexparser.parse_string(response.text()).entries[0]
    assert entry["author"] == "Məmmədzadə, Aqşin" and entry["note"].endswith("¶ 14")


def test_the_results_page_cites_in_the_chosen_style_and_exports_its_documents(page, live_server):
    search(page, live_server, "Xocalı")
    with page.expect_navigation():
        page.locator(".results-cite select[name=style]").select_option("apa")
    first = page.locator(".result .citation").first.inner_text()
    assert re.fullmatch(r"\(Məmmədzadə, 2022, para\. \d+\)", first)
    assert page.locator(".result .reference").first.inner_text().startswith("Məmmədzadə, A. (2022).")
    assert page.locator(".export-results a").all_inner_texts() == ["BibTeX", "RIS", "CSL-JSON"]
    assert page.locator("span.Z3988").count() >= 1
