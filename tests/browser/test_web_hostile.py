"""The hostile corpus (tests/data/hostile_corpus) in a real Chromium: with the Content Security
Policy switched off, so that it cannot hide a mistake, no page opens a dialog and no element
or event handler spelled out in the corpus or the query exists in the DOM."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

import pytest

from index import build

from live_server import serving

HOSTILE_CORPUS = Path(__file__).resolve().parents[1] / "data" / "hostile_corpus"

# Everything the page has that its templates did not put there.
INJECTED = """() => {
  const bad = [];
  for (const el of document.querySelectorAll('*')) {
    const tag = el.tagName.toLowerCase();
    if (['img', 'svg', 'iframe', 'object', 'embed', 'b'].includes(tag)) bad.push(tag);
    const ours = ['/static/sanad.js', '/static/cite.js'];
    if (tag === 'script' && !ours.includes(el.getAttribute('src'))) bad.push('script');
    for (const a of el.attributes) {
      if (a.name.startsWith('on')) bad.push(tag + '@' + a.name);
      if (a.name === 'autofocus' && tag !== 'input') bad.push(tag + '@autofocus');
      if (/^\\s*javascript:/i.test(a.value)) bad.push(tag + '@' + a.name + '=javascript:');
    }
  }
  for (const m of document.querySelectorAll('mark')) if (m.textContent.includes('fake mark')) bad.push('mark');
  return bad;
}"""

PAGES = [
    "/", "/?q=summit", "/?q=alert", "/?q=script", "/?q=onerror", "/?q=mark", "/?q=javascript",
    "/?q=" + quote("<script>alert('q')</script> summit"), "/?q=" + quote("\"><img src=x onerror=alert('q')>"),
    "/?q=" + quote("' onfocus='alert(1)' autofocus='"), "/?q=summit&lang=ru", "/?q=summit&doc=hostile-en",
    "/doc/hostile-en", "/doc/hostile-en?q=summit", "/doc/hostile-en?q=" + quote("<script>"),
    "/doc/hostile-ru?q=" + quote("резолюция"), "/doc/hostile-az?q=" + quote("qətnamə"),
    "/p/hostile-en:5", "/doc/" + quote("<svg onload=alert(1)>"), "/nothing/" + quote("<img src=x onerror=alert(1)>"),
    "/?q=" + quote("<svg onload=alert(1)>") + "&lang=xx",
]


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile-browser") / "idx"
    build(HOSTILE_CORPUS, root)
    with serving(root) as url:
        yield url


@pytest.fixture
def unguarded(browser):
    """A page with CSP bypassed, recording every dialog (alert, confirm, prompt) it opens."""
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    dialogs: list[str] = []

    def on_dialog(dialog):
        dialogs.append(dialog.message)
        dialog.dismiss()
    page.on("dialog", on_dialog)
    page.dialogs = dialogs
    try:
        yield page
    finally:
        context.close()


def test_no_page_runs_or_grows_what_the_corpus_spells_out(unguarded, hostile_site):
    page = unguarded
    for path in PAGES:
        response = page.goto(hostile_site + path, wait_until="load")
        assert response.status < 500, path
        page.wait_for_timeout(50)                    # let any injected handler fire
        assert page.evaluate(INJECTED) == [], path
    assert page.dialogs == []


def test_the_markup_reads_as_text(unguarded, hostile_site):
    page = unguarded
    page.goto(hostile_site + "/doc/hostile-en?q=summit")
    assert page.locator("h1").inner_text().startswith("<script>alert('title')</script> Summit")
    assert "Eve <img src=x onerror=alert('author')> Mallory" in page.locator(".byline").inner_text()
    page.locator("details.bibtex summary").click()
    bibtex = page.locator("#doc-bibtex").inner_text()
    assert "pages = {1--2 \\}, note = \\{injected}" in bibtex
    page.locator("#p1 a.cite-open").click()
    page.locator("#p1 textarea").wait_for()
    # the default style (GOST): in-text citation, then the reference with the author's markup as text
    assert page.locator("#p1 textarea").input_value().split("\n")[1].startswith("Mallory E. <img . src=x")
    assert page.locator("#p1").inner_text().count("<script>alert('body')</script>") == 1
    assert page.dialogs == []


def test_typing_markup_and_following_results(unguarded, hostile_site):
    page = unguarded
    page.goto(hostile_site + "/")
    box = page.get_by_role("combobox", name="Search the corpus")
    box.fill("summit <img src=x onerror=alert('typed')>")
    with page.expect_navigation():
        box.press("Enter")
    page.wait_for_url(re.compile(r"/\?q="))
    assert page.locator(".result").count() > 0
    assert page.evaluate(INJECTED) == []
    assert box.input_value() == "summit <img src=x onerror=alert('typed')>"
    page.locator(".result a.open").first.click()
    page.wait_for_url(re.compile(r"/doc/hostile-en\?q=.*#p\d+$"))
    page.keyboard.press("n")
    page.keyboard.press("p")
    for link in page.locator("a.cite-open").all()[:3]:
        link.click()
    page.locator(".passage").first.hover()
    assert page.evaluate(INJECTED) == []
    assert page.dialogs == []


def test_the_checker_sees_injection(unguarded, hostile_site):
    page = unguarded
    page.goto(hostile_site + "/")
    page.evaluate("""() => { document.body.insertAdjacentHTML('beforeend',
        '<img src=x onerror="alert(1)"><a href="javascript:void 0">x</a>'); }""")
    page.wait_for_timeout(100)
    assert page.evaluate(INJECTED) == ["img", "img@onerror", "a@href=javascript:"]
    assert page.dialogs == ["1"]                     # with CSP off, an injected handler does fire
