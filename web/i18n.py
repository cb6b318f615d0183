"""The interface's own language (az, ru, en), independent of the languages of the results.

Strings live in ``translations/<lang>.toml`` (dotted keys; a table of plural forms where a
count is shown). The language comes from the cookie set by the switch, else the browser's
Accept-Language, else the ``DEFAULT_UI_LANG`` setting.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from functools import cache, partial
from importlib.resources import files
from typing import Any

from flask import Flask, Response, current_app, g, request

from .compress import add_vary

UI_LANGS = ("az", "ru", "en")
NATIVE_NAMES = {"az": "Azərbaycanca", "ru": "Русский", "en": "English"}
FALLBACK = "en"


@cache
def catalog(lang: str) -> dict[str, Any]:
    """Every string of *lang*, by dotted key (``search.button``)."""
    text = files("web").joinpath("translations", f"{lang}.toml").read_text(encoding="utf-8")
    return _flatten(tomllib.loads(text))


def _flatten(table: dict, prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and not _is_plural(value):
            out.update(_flatten(value, name + "."))
        else:
            out[name] = value
    return out


def _is_plural(value: dict) -> bool:
    return "other" in value or "many" in value


def plural_form(lang: str, n: int) -> str:
    """CLDR plural category of *n*: Russian one/few/many, English one/other, Azerbaijani other."""
    if lang == "ru":
        if n % 10 == 1 and n % 100 != 11:
            return "one"
        if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
            return "few"
        return "many"
    if lang == "en":
        return "one" if n == 1 else "other"
    return "other"


def translate(lang: str, key: str, n: int | None = None, **params: Any) -> str:
    """The string *key* in *lang* (falling back to English, then to the key itself).

    With *n*, the plural form for *n* is chosen and ``{n}`` is filled in.
    """
    value = catalog(lang).get(key)
    if value is None:
        lang, value = FALLBACK, catalog(FALLBACK).get(key, key)
    if isinstance(value, dict):
        count = n if n is not None else 0
        value = value.get(plural_form(lang, count)) or value.get("other") or value.get("many") or key
    if n is not None:
        params.setdefault("n", n)
    return value.format_map(params) if params else value


def choose() -> str:
    """The interface language for this request."""
    cookie = request.cookies.get(current_app.config["UI_LANG_COOKIE"])
    if cookie in UI_LANGS:
        return cookie
    # Best first, by the browser's weights; "*" ("anything") means the site's default, which
    # werkzeug's best_match would turn into the first of UI_LANGS.
    for tag, quality in sorted(request.accept_languages, key=lambda pair: -pair[1]):
        primary = tag.split("-")[0].split("_")[0].lower()
        if quality <= 0:
            continue
        if primary == "*":
            break
        if primary in UI_LANGS:
            return primary
    return current_app.config["DEFAULT_UI_LANG"]


def current() -> str:
    lang = g.get("ui_lang")
    if lang is None:
        lang = g.ui_lang = choose()
    return lang


def has_string(key: str) -> bool:
    """True when the interface has a string for *key* (in English at least)."""
    return key in catalog(FALLBACK)


def say(error: object) -> str:
    """An error's message in the interface language, from its key and details (``QueryError``,
    ``NotFound``, ``ClientError``); its own English message when there is no string for the key."""
    key, details = getattr(error, "key", None), getattr(error, "details", None) or {}
    if key and has_string(f"message.{key}"):
        return translate(current(), f"message.{key}").format_map(details)   # details may be named lang, n, …
    return str(getattr(error, "message", None) or error)


def t(key: str, n: int | None = None, **params: Any) -> str:
    """``translate`` in the current request's interface language."""
    return translate(current(), key, n, **params)


@cache
def translator(lang: str) -> Callable[..., str]:
    """``t`` with the language fixed, for a page rendered in *lang*: a page shows hundreds of
    strings, and looking the request's language up for each cost more than the string."""
    return partial(translate, lang)


def init_app(app: Flask) -> None:
    """Give templates ``t``, the current language and the switch's choices."""

    # Globals, not only context: imported macros see globals but not the request context.
    app.jinja_env.globals.update(t=t, say=say, has_string=has_string, ui_langs=UI_LANGS, native_names=NATIVE_NAMES)

    @app.context_processor
    def strings() -> dict[str, Any]:
        lang = current()
        return {"ui_lang": lang, "t": translator(lang)}

    @app.after_request
    def vary(response: Response) -> Response:
        if response.mimetype == "text/html":
            add_vary(response, "Accept-Language", "Cookie")
        return response


__all__ = [
    "NATIVE_NAMES",
    "UI_LANGS",
    "catalog",
    "choose",
    "has_string",
    "init_app",
    "plural_form",
    "t",
    "translate",
    "translator",
]
