"""axe-core in Chromium: no violations on any kind of page, in any interface language, at
desktop and phone widths, light and dark.

axe-core is installed (pinned) by ``make dev-venv`` from the npm registry into the
virtualenv; nothing is fetched while the tests run.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import _unavailable

AXE_JS = Path(__file__).resolve().parents[2] / ".venv" / "npm" / "node_modules" / "axe-core" / "axe.min.js"

PAGES = {
    "home": "/",
    "results": "/?q=OIC summit",
    "filtered": "/?q=Xocalı OR резолюция OR summit&lang=ru&page=2",
    "no-results": "/?q=zzyzxqq",
    "query-error": "/?q=-Xocalı",
    "stop-words": "/?q=the",
    "reader": "/doc/mammadzade-2022?q=Xocalı#p14",
    "error": "/doc/no-such-document",
}


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE_JS.is_file():
        _unavailable(f"axe-core is not installed at {AXE_JS}: run `make dev-venv`")
    return AXE_JS.read_text(encoding="utf-8")


def violations(browser, base: str, path: str, ui: str, axe: str, *, width: int = 1366,
               scheme: str = "light", spoil: str = "") -> list[str]:
    """axe-core's violations on *path* in interface language *ui*, one line each."""
    # The page's CSP allows no inline script; axe is injected as one, so the test bypasses CSP.
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True,
                                  extra_http_headers={"Accept-Language": ui}, color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(base + path)
        if spoil:
            page.evaluate(spoil)
        page.add_script_tag(content=axe)
        found = page.evaluate("""async () => {
            const r = await axe.run(document, { resultTypes: ["violations"] });
            return r.violations.map(v => ({ id: v.id, impact: v.impact,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ") + " " + n.failureSummary) }));
        }""")
        return [f"{v['id']} ({v['impact']}): {json.dumps(v['nodes'], ensure_ascii=False)}" for v in found]
    finally:
        context.close()


@pytest.mark.parametrize("ui", ["az", "ru", "en"])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_violations(browser, live_server, axe_source, name, ui):
    assert violations(browser, live_server, PAGES[name], ui, axe_source) == []


@pytest.mark.parametrize("name", ["home", "results", "reader", "error"])
def test_no_violations_on_a_phone(browser, live_server, axe_source, name):
    assert violations(browser, live_server, PAGES[name], "en", axe_source, width=390) == []


@pytest.mark.parametrize("name", ["home", "results", "no-results", "reader", "error"])
def test_no_violations_in_dark_mode(browser, live_server, axe_source, name):
    assert violations(browser, live_server, PAGES[name], "ru", axe_source, scheme="dark") == []


def test_the_checker_sees_violations(browser, live_server, axe_source):
    """The same check on a page made worse: an image without alt text, grey on grey, a skipped heading level."""
    spoil = """() => document.querySelector("main").insertAdjacentHTML("beforeend",
        '<img src="/static/favicon.svg"><p style="color:#ccc;background:#ddd">faint</p>' +
        '<section><h4>jump</h4></section>')"""
    found = " ".join(violations(browser, live_server, "/", "en", axe_source, spoil=spoil))
    for rule in ("image-alt", "color-contrast", "heading-order"):
        assert rule in found, (rule, found)
