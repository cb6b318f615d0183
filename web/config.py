"""The web app's settings, declared once as data.

Each ``Setting`` has a name, a default and a help line; the same table gives the app its
defaults, checks the layered values (instance file, ``SANAD_*`` environment variables,
test config) and documents them (``markdown_table`` for the README).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from index.ingest.add import DEFAULT_MAX_BYTES
from search.request import MAX_LIMIT
from search.styles import DEFAULT_STYLE, STYLES

from .i18n import UI_LANGS


@dataclass(frozen=True)
class Setting:
    """One configuration key: its default, its type and what it is for."""

    name: str
    default: Any
    help: str
    type: type = str
    minimum: int | None = None     # smallest number; for text, fewest characters
    maximum: int | None = None
    choices: tuple[str, ...] = ()


SETTINGS: tuple[Setting, ...] = (
    Setting("INDEX_DIR", None, "Index root; empty means $SANAD_INDEX_DIR, else ./instance/index.", str),
    Setting("CORPUS_DIR", None, "Corpus folder that POST /api/admin/reindex rebuilds from; empty means "
                                "$SANAD_CORPUS_DIR, else ./corpus.", str),
    Setting("ADMIN_TOKEN", None, "Secret for the admin API (Authorization: Bearer …), at least 16 characters; "
                                 "empty switches the admin API off.", str, minimum=16),
    Setting("MAX_CONTENT_LENGTH", 65_536, "Largest request body accepted, in bytes; a larger one gets 413.",
            int, 1024, 16_777_216),
    Setting("MAX_DOCUMENT_BYTES", DEFAULT_MAX_BYTES, "Largest document POST /api/admin/documents accepts, in "
                                                     "bytes (sanad add: --max-bytes).", int, 1024, 2**31),
    Setting("RESULTS_PER_PAGE", 10, "Results shown per page on the search page.", int, 1, MAX_LIMIT),
    Setting("READER_MATCH_LIMIT", 500,
            "Most passages marked as matches when a document is opened from a search.", int, 1, 5000),
    Setting("DEFAULT_UI_LANG", "en",
            "Interface language when neither the cookie nor Accept-Language names one.", str,
            choices=UI_LANGS),
    Setting("UI_LANG_COOKIE", "sanad_ui", "Name of the cookie that remembers the interface language.", str),
    Setting("UI_LANG_COOKIE_DAYS", 365, "How long the interface-language cookie is kept, in days.", int, 1, 3650),
    Setting("CITATION_STYLE", DEFAULT_STYLE, "Citation style when the reader has not chosen one.", str,
            choices=tuple(STYLES)),
    Setting("STYLE_COOKIE", "sanad_style", "Name of the cookie that remembers the chosen citation style.", str),
    Setting("SITE_NAME", "Sanad", "Name shown in page titles and in the OpenSearch description.", str),
    Setting("CONNECTION_LIMIT", 2000,
            "Most connections one server process holds open; idle or slow clients up to this many cannot "
            "lock others out (waitress's default, 100, could). Each needs a file descriptor.", int, 10, 60_000),
    Setting("CHANNEL_TIMEOUT", 30,
            "Seconds an idle connection (keep-alive, or a client that stopped sending) is kept open.", int, 2, 3600),
    Setting("STATIC_MAX_AGE", 3600, "Cache lifetime of /static files, in seconds.", int, 0, 31_536_000),
)

BY_NAME = {s.name: s for s in SETTINGS}


def defaults() -> dict[str, Any]:
    """Every setting at its default, for ``app.config.from_mapping``."""
    return {s.name: s.default for s in SETTINGS}


def check(config: dict[str, Any]) -> None:
    """Coerce and validate the settings in *config* in place; a bad value names its fix.

    Environment variables arrive as JSON when they parse as JSON (``SANAD_RESULTS_PER_PAGE=20``
    is the number 20), otherwise as text, so numbers given as text are accepted too.
    """
    for s in SETTINGS:
        value = config.get(s.name, s.default)
        if value is None or value == "":
            config[s.name] = s.default
            continue
        if s.type is int:
            if isinstance(value, bool) or not isinstance(value, (int, str)):
                raise ValueError(f"Setting {s.name} must be a whole number, not {value!r}.")
            try:
                value = int(value)
            except ValueError:
                raise ValueError(f"Setting {s.name} must be a whole number, not {value!r}.") from None
            if (s.minimum is not None and value < s.minimum) or (s.maximum is not None and value > s.maximum):
                raise ValueError(f"Setting {s.name} must be between {s.minimum} and {s.maximum}, not {value}.")
        else:
            value = str(value)
            if s.minimum is not None and len(value) < s.minimum:
                raise ValueError(f"Setting {s.name} must be at least {s.minimum} characters long.")
            if s.choices and value not in s.choices:
                raise ValueError(f"Setting {s.name} must be one of {', '.join(s.choices)}, not {value!r}.")
        config[s.name] = value


def keep_text(config: dict[str, Any], environ: Mapping[str, str], prefix: str = "SANAD_") -> None:
    """Text settings exactly as the environment spells them.

    ``from_prefixed_env`` reads every value as JSON first, so a token such as ``1e5`` or
    ``true`` would arrive as a number or a boolean and never compare equal again.
    """
    for s in SETTINGS:
        if s.type is str and prefix + s.name in environ:
            config[s.name] = environ[prefix + s.name]


def markdown_table() -> str:
    """The settings as a Markdown table (environment variable, default, meaning)."""
    rows = ["| setting | environment variable | default | meaning |", "|---|---|---|---|"]
    for s in SETTINGS:
        default = "" if s.default is None else f"`{s.default}`"
        rows.append(f"| `{s.name}` | `SANAD_{s.name}` | {default} | {s.help} |")
    return "\n".join(rows)


__all__ = ["SETTINGS", "Setting", "check", "defaults", "keep_text", "markdown_table"]
