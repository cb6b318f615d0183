"""The interface language: strings in az/ru/en, chosen from Accept-Language or the cookie."""

from __future__ import annotations

import html
import re
import string
from pathlib import Path

import pytest

from web import i18n

TEMPLATES = Path(__file__).resolve().parents[2] / "web" / "templates"
PLURAL_FORMS = {"az": {"other"}, "ru": {"one", "few", "many"}, "en": {"one", "other"}}


def placeholders(value) -> set[str]:
    values = value.values() if isinstance(value, dict) else [value]
    return {name for v in values for _, name, _, _ in string.Formatter().parse(v) if name}


def test_every_language_has_the_same_keys_and_placeholders():
    en = i18n.catalog("en")
    for lang in ("az", "ru"):
        other = i18n.catalog(lang)
        assert set(other) == set(en), lang
        for key, value in en.items():
            assert placeholders(other[key]) == placeholders(value), (lang, key)


@pytest.mark.parametrize("lang", i18n.UI_LANGS)
def test_plural_tables_have_the_forms_of_their_language(lang):
    for key, value in i18n.catalog(lang).items():
        if isinstance(value, dict):
            assert set(value) == PLURAL_FORMS[lang], (lang, key)


def test_every_key_the_templates_use_exists():
    used = set()
    for path in TEMPLATES.glob("*.html"):
        used |= set(re.findall(r"""\bt\(\s*['"]([a-z_.]+)['"]""", path.read_text(encoding="utf-8")))
    keys = set(i18n.catalog("en"))
    prefixes = {k for k in used if k.endswith(".")}  # t('kind.' ~ kind): a family of keys
    assert used and not (used - prefixes) - keys
    for prefix in prefixes:
        assert any(k.startswith(prefix) for k in keys), prefix
    for family, members in (("kind.", ("title", "front", "abstract", "keywords", "heading", "body", "back")),
                            ("lang.", ("az", "ru", "en"))):
        assert {family + m for m in members} <= keys
    assert {k.split(".", 1)[1] for k in keys if k.startswith("error_title.")} == \
        {k.split(".", 1)[1] for k in keys if k.startswith("error_help.")}


@pytest.mark.parametrize("lang, n, form", [
    ("ru", 1, "one"), ("ru", 21, "one"), ("ru", 2, "few"), ("ru", 24, "few"), ("ru", 5, "many"),
    ("ru", 11, "many"), ("ru", 12, "many"), ("ru", 112, "many"), ("ru", 0, "many"),
    ("en", 1, "one"), ("en", 0, "other"), ("en", 2, "other"), ("az", 1, "other"), ("az", 5, "other"),
])
def test_plural_form(lang, n, form):
    assert i18n.plural_form(lang, n) == form


@pytest.mark.parametrize("lang, n, text", [
    ("en", 1, "1 passage"), ("en", 3, "3 passages"), ("ru", 1, "1 фрагмент"), ("ru", 3, "3 фрагмента"),
    ("ru", 5, "5 фрагментов"), ("az", 5, "5 fraqment"),
])
def test_translate_with_a_count(lang, n, text):
    assert i18n.translate(lang, "reader.passages", n) == text


def test_unknown_key_falls_back_to_the_key():
    assert i18n.translate("ru", "no.such.key") == "no.such.key"


@pytest.mark.parametrize("accept, label", [
    ("ru-RU,ru;q=0.9,en;q=0.5", "Найти"), ("az", "Axtar"), ("en-GB", "Search"), ("fr-FR", "Search"),
    ("de, ru;q=0.5", "Найти"), ("", "Search"),
    ("*", "Search"), ("fr, *;q=0.5, az;q=0.1", "Search"), ("*;q=0.1, ru;q=0.9", "Найти"), ("az;q=0, ru;q=0.2", "Найти"),
])
def test_interface_language_from_accept_language(client, accept, label):
    text = client.get("/", headers={"Accept-Language": accept}).get_data(as_text=True)
    assert f">{label}</button>" in text


def test_any_language_means_the_configured_default(mini_index):
    from web import create_app
    client = create_app({"TESTING": True, "INDEX_DIR": str(mini_index), "DEFAULT_UI_LANG": "ru"}).test_client()
    assert ">Найти</button>" in client.get("/", headers={"Accept-Language": "*"}).get_data(as_text=True)


def test_switch_sets_a_cookie_and_goes_back(client):
    r = client.get("/ui/az?next=/%3Fq%3Dsummit", headers={"Accept-Language": "ru"})
    assert r.status_code == 303 and r.headers["Location"] == "/?q=summit"
    cookie = r.headers["Set-Cookie"]
    assert cookie.startswith("sanad_ui=az;") and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    text = client.get("/?q=summit", headers={"Accept-Language": "ru"}).get_data(as_text=True)
    assert '<html lang="az">' in text and ">Axtar</button>" in text and "Dəqiqləşdir" in text


def test_interface_language_does_not_filter_results(client):
    client.get("/ui/ru")
    text = client.get("/?q=summit").get_data(as_text=True)
    assert 'lang="en">The organization adopted' in text


@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:x",
                                    "", "/%0d%0aSet-Cookie:x"])
def test_switch_never_redirects_off_site(client, target):
    r = client.get("/ui/en", query_string={"next": target})
    location = r.headers["Location"]
    assert location.startswith("/") and not location.startswith("//") and "evil" not in location.split("?")[0][:2]
    assert "\n" not in location and "\r" not in location


def test_unknown_interface_language_is_404(client):
    assert client.get("/ui/fr").status_code == 404


def test_html_varies_on_language_inputs(client):
    vary = client.get("/").headers["Vary"]
    assert "Accept-Language" in vary and "Cookie" in vary


def test_switch_links_return_to_the_current_page(client):
    text = client.get("/doc/test-en?q=Dakar").get_data(as_text=True)
    assert 'href="/ui/ru?next=/doc/test-en?q%3DDakar"' in text


# -- the library's messages, in the interface's language -----------------------------------------
@pytest.mark.parametrize("path, accept, status, said", [
    ("/?q=summit&lang=de", "ru", 400, "Неизвестное значение lang «de»: выберите одно из az, ru, en."),
    ("/?q=summit&lang=de", "az", 400, "Naməlum lang «de»: bunlardan birini seçin: az, ru, en."),
    ("/?q=summit&lang=de", "en", 400, "Unknown lang “de”: use one of az, ru, en."),
    ("/?q=summit&page=5000", "ru", 400, "«page» должно быть от 1 до 1001, а не 5000."),
    ("/?q=summit&page=5000", "az", 400, "«page» 1 ilə 1001 arasında olmalıdır, 5000 yox."),
    ("/?q=summit&doc=nope", "ru", 400, "Документа «nope» нет; выберите документ из списка."),
    ("/doc/nope", "ru", 404, "Документа «nope» нет."),
    ("/doc/nope", "az", 404, "«nope» adlı sənəd yoxdur."),
    ("/doc/nope", "en", 404, "There is no document “nope”."),
    ("/p/nope", "ru", 404, "«nope» — не номер фрагмента; номера выглядят так: «mammadzade-2022:14»."),
    ("/ui/de", "az", 404, "«de» interfeys dili yoxdur: bunlardan birini seçin: az, ru, en."),
    ("/?q=the", "ru", 200, "В запросе «the» не осталось ничего для поиска"),
    ("/?q=the", "az", 200, "«the» sorğusunda axtarılacaq heç nə qalmadı"),
    ("/?q=q*", "ru", 400, "Начало слова «q*» слишком короткое: нужно хотя бы 2 буквы перед *."),
    ("/?q=" + "a" * 501, "az", 400, "«q» 501 simvoldur (həddi: 500)."),
])
def test_messages_are_said_in_the_interface_language(client, path, accept, status, said):
    r = client.get(path, headers={"Accept-Language": accept})
    assert r.status_code == status
    assert said in html.unescape(r.get_data(as_text=True))
    assert "/api/docs" not in r.get_data(as_text=True).split("<footer")[0]


def test_the_api_keeps_its_english_messages(client):
    err = client.get("/api/search?q=summit&lang=de", headers={"Accept-Language": "ru"}).get_json()["error"]
    assert err["message"] == "Unknown lang 'de': use one of az, ru, en."
