"""The ``sanad`` command: index, check, search, docs, cite, analyze, glossary suggest, serve.

Each command turns its options into one library call and known errors into a message
that names the fix; nothing here knows how search works.
"""

from __future__ import annotations

import json
import os
import shlex
import sys
from pathlib import Path
from typing import NoReturn

import click

from index import analyze as analyze_text
from index import build, integrity, resolve_corpus_dir, resolve_index_dir, store
from index.analysis import LANGS, VARIANTS, fields_for
from index.builder import terminal_progress
from index.errors import CorpusError, IndexMissing, SanadError, sanad_command
from index.glossary import load_entries, load_lexicon
from index.ingest import add as ingest_add
from index.ingest.report import describe
from index.langid import detect
from index.store import GLOSSARY, LEXICON
from index.suggest import accept as accept_proposals
from index.suggest import suggest
from search import QueryError, Searcher
from search.export import FORMATS, export, with_note
from search.formatters import terminal
from search.fragments import excerpt
from search.request import MAX_LIMIT
from search.styles import DEFAULT_STYLE, STYLES

LANG_CHOICE = click.Choice(LANGS)
# One worker process per core, one thread each. A process runs Python on one core at a
# time (the GIL), and more threads in it only contend for that. Measured on 2 cores with 8
# clients sharing them (bench/load.py, medians of 3, bench/README.md): 1 process x 2 threads
# 219 req/s, p99 78 ms; 2 x 1 595 req/s, p99 31 ms; 2 x 2 488 req/s, p99 42 ms; 2 x 4
# 450 req/s, p99 62 ms; 3 x 2 521 req/s, p99 53 ms; at 100k passages a second thread cost
# 0.8-1.2 ms more server CPU a search (8.0 -> 8.8 and 7.3 -> 8.5 ms, bench/README.md, Serving).
# The price of one thread: a slow request holds up the other connections of its worker.
DEFAULT_THREADS = 1
DEFAULT_WORKERS = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
TERMINAL_CHARS = 360          # of a passage, around its first match
style_option = click.option("--style", type=click.Choice(list(STYLES)), default=DEFAULT_STYLE, show_default=True,
                            help="Citation style.")
words_option = click.option("--words", type=LANG_CHOICE, default="en", show_default=True,
                            help="Language of the citation's words (n.d. / б. г. / t.y.).")
index_dir_option = click.option("--index-dir", envvar="SANAD_INDEX_DIR", default=None,
                                 help="Index location [default: ./instance/index; env SANAD_INDEX_DIR].")


def _fail(e: Exception | str) -> NoReturn:
    click.echo(f"Error: {e}", err=True)
    sys.exit(2)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """Sanad: search a trilingual (az/ru/en) research corpus, with cited passages."""


@cli.command("index")
@index_dir_option
@click.option("--corpus", "corpus_dir", envvar="SANAD_CORPUS_DIR", default=None,
              help="Corpus folder with catalog.toml [default: ./corpus; env SANAD_CORPUS_DIR].")
@click.option("--full", is_flag=True, help="Re-analyse every document, not only changed ones.")
@click.option("--skip-bad", is_flag=True, help="Skip unreadable corpus files (with a warning) instead of stopping.")
def index_cmd(index_dir: str | None, corpus_dir: str | None, full: bool, skip_bad: bool) -> None:
    """Rebuild the index beside the live one, check it, then swap it in.

    Example: sanad index --full
    """
    _rebuild(index_dir, corpus_dir, full, skip_bad)


def _rebuild(index_dir: str | None, corpus_dir: str | None, full: bool, skip_bad: bool) -> None:
    corpus = resolve_corpus_dir(corpus_dir)
    try:
        if not (corpus / "catalog.toml").is_file():     # said before an index folder is made here
            raise CorpusError(corpus / "catalog.toml", "catalogue not found; run sanad index in the project "
                                                       "folder, or pass --corpus DIR (env SANAD_CORPUS_DIR)")
        report = build(corpus, resolve_index_dir(index_dir), full=full, skip_bad=skip_bad,
                       progress=terminal_progress(), warn=lambda m: click.echo(f"Warning: {m}", err=True))
    except SanadError as e:
        _fail(f"{e}\nThe previous index (if any) is still live.")
    click.echo(report.summary())


@cli.command("add")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--id", "doc_id", help="Document id [default: from the file name].")
@click.option("--title", help="Title as printed.")
@click.option("--author", "authors", multiple=True, help="An author (repeat for several).")
@click.option("--year", type=int, help="Year of publication.")
@click.option("--lang", type=LANG_CHOICE, help="Main language [default: from the file, else detected].")
@click.option("--container", help="Journal or book it appeared in.")
@click.option("--pages", help="Page range as printed, e.g. 216–221.")
@click.option("--first-page", type=click.IntRange(1), help="Printed number of the first page, when the file "
                                                           "has neither page labels nor printed numbers.")
@click.option("--index", "rebuild", is_flag=True, help="Rebuild the index afterwards.")
@click.option("--dry-run", is_flag=True, help="Show the entry and the first passages; change nothing.")
@click.option("--corpus", "corpus_dir", envvar="SANAD_CORPUS_DIR", default=None,
              help="Corpus folder with catalog.toml [default: ./corpus; env SANAD_CORPUS_DIR].")
@click.option("--max-bytes", envvar="SANAD_MAX_DOCUMENT_BYTES", default=ingest_add.DEFAULT_MAX_BYTES,
              type=click.IntRange(1), show_default=True, help="Largest file accepted [env SANAD_MAX_DOCUMENT_BYTES].")
@index_dir_option
def add_cmd(paths: tuple[Path, ...], doc_id: str | None, title: str | None, authors: tuple[str, ...],
            year: int | None, lang: str | None, container: str | None, pages: str | None, first_page: int | None,
            rebuild: bool, dry_run: bool, corpus_dir: str | None, max_bytes: int, index_dir: str | None) -> None:
    """Add PDF, DOCX, HTML or text files to the corpus: copy, extract, catalogue.

    Example: sanad add article.pdf --author "Aqşin Məmmədzadə" --year 2022 --index
    """
    corpus = resolve_corpus_dir(corpus_dir)
    options = ingest_add.Options(id=doc_id, title=title, authors=authors, year=year, lang=lang,
                                 container=container, pages=pages, first_page=first_page)
    try:
        plans = ingest_add.add(corpus, list(paths), options, max_bytes, dry_run)
    except SanadError as e:
        _fail(f"{e}\nNothing was added.")
    for p in plans:
        click.echo("\n".join(describe(p, dry_run)))
    if dry_run:
        click.echo("Nothing was changed (--dry-run).")
    elif rebuild:
        _rebuild(index_dir, corpus_dir, full=False, skip_bad=False)
    else:
        click.echo("Not searchable yet: run sanad index (or add with --index).")


@cli.command("check")
@index_dir_option
def check_cmd(index_dir: str | None) -> None:
    """Verify every file of the live index against its checksum, then read it back.

    Exits 1 when a file is damaged (named), 2 when there is no index. Example: sanad check
    """
    root = resolve_index_dir(index_dir)
    live = store.live_build(root)
    if live is None:
        _fail(IndexMissing(root))
    report = integrity.check(live)
    click.echo(report.summary(sanad_command("index", root)))
    sys.exit(1 if report.problems else 0)


class QueryCommand(click.Command):
    """A command whose argument is a query: one that starts with ``-`` (an excluded word)
    is not a mistyped option, and the error says how to pass it."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        given = list(args)              # the parser consumes *args*
        try:
            return super().parse_args(ctx, args)
        except click.NoSuchOption as e:
            typed = next((a for a in given if a.startswith(e.option_name)), e.option_name)
            raise click.UsageError(f"No such option: {e.option_name}. A query that starts with '-' (a word to "
                                   f"exclude) goes last, after '--': sanad search [OPTIONS] -- {shlex.quote(typed)}",
                                   ctx) from None


@cli.command("search", cls=QueryCommand)
@click.argument("query")
@index_dir_option
@click.option("--lang", type=LANG_CHOICE, help="Only passages in this language.")
@click.option("--doc", help="Only passages of this document id.")
@click.option("--limit", default=10, show_default=True, help=f"Results per page (1–{MAX_LIMIT}).")
@click.option("--offset", default=0, show_default=True, help="Skip this many results.")
@click.option("--json", "as_json", is_flag=True, help="Print the web API's JSON body.")
@click.option("--explain", is_flag=True, help="Show which query words matched which words, and how.")
@click.option("--no-expand", is_flag=True, help="Search only the words as typed (no glossary or typo help).")
@style_option
@words_option
def search_cmd(query: str, index_dir: str | None, lang: str | None, doc: str | None, limit: int, offset: int,
               as_json: bool, explain: bool, no_expand: bool, style: str, words: str) -> None:
    """Search all three languages at once; print ranked, highlighted, cited passages.

    Example: sanad search "Xocalı soyqırımı" --lang az
    """
    try:
        body = Searcher(resolve_index_dir(index_dir)).search(query, lang=lang, doc=doc, limit=limit,
                                                             offset=offset, expand=not no_expand,
                                                             explain=explain, style=style, ui=words)
    except QueryError as e:
        listing = sanad_command("docs", resolve_index_dir(index_dir))
        _fail(f"Unknown document '{doc}'; list the document ids with: {listing}" if e.param == "doc" else e)
    except SanadError as e:
        _fail(e)
    if as_json:
        click.echo(json.dumps(body, ensure_ascii=False, indent=1))
        return
    tty = sys.stdout.isatty()
    shown = f"{body['offset'] + 1}–{body['offset'] + len(body['results'])} of " if body["results"] else ""
    click.echo(f"{shown}{body['total']} passages for {body['query']!r} ({body['took_ms']:.1f} ms)")
    if body["expansions"]:
        click.echo("Also searched: " + "; ".join(e["label"] for e in body["expansions"]))
    if body.get("suggestion"):
        click.echo(f"Did you mean: {body['suggestion']['query']}")
    for n, r in enumerate(body["results"], body["offset"] + 1):
        weak = "  (weak match)" if r.get("weak") else ""
        section = f" · {r['section']}" if r.get("section") else ""
        page = f", {'pp' if r.get('pages') else 'p'}. {r.get('pages') or r['page']}" if r.get("page") else ""
        click.echo(f"\n{n:>2}. [{r['lang']}] {r['title']} ¶ {r['passage']}{page} ({r['kind']}{section}){weak}")
        click.echo("    " + terminal(excerpt(r["text"], r["marks"], TERMINAL_CHARS), tty))
        if r.get("missing"):
            click.echo("    missing: " + ", ".join(r["missing"]))
        click.echo(f"    {r['citation']}")
        if r["reference"] != r["citation"]:
            click.echo(f"    {r['reference']}")
        click.echo(f"    {r['url']}")
        for how in r.get("explain", []):
            click.echo(f"      {how['query']} → {how['word']} ({how['via']})")


@cli.command("docs")
@index_dir_option
@click.option("--json", "as_json", is_flag=True, help="Print the web API's JSON body (/api/docs).")
def docs_cmd(index_dir: str | None, as_json: bool) -> None:
    """List the indexed documents: id (for --doc), passages per language, title.

    Example: sanad docs
    """
    try:
        docs = Searcher(resolve_index_dir(index_dir)).documents()
    except SanadError as e:
        _fail(e)
    if as_json:
        click.echo(json.dumps({"documents": docs}, ensure_ascii=False, indent=1))
        return
    width = max((len(d["id"]) for d in docs), default=0)
    for d in docs:
        langs = ", ".join(f"{n} {lang}" for lang, n in d["by_lang"].items())
        click.echo(f"{d['id']:<{width}}  {d['passages']:>4} passages ({langs})  {d.get('display_title') or d['id']}")


@cli.command("cite")
@click.argument("doc_id")
@index_dir_option
@click.option("--passage", type=click.IntRange(1), help="Cite this passage (its number) with its page or ¶.")
@style_option
@words_option
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), help="Print an export instead of the citation.")
def cite_cmd(doc_id: str, index_dir: str | None, passage: int | None, style: str, words: str,
             fmt: str | None) -> None:
    """Print a document's (or a passage's) citation in a style, or its BibTeX, RIS or CSL-JSON.

    Example: sanad cite mammadzade-2022 --passage 14 --style chicago-notes
    """
    try:
        body = Searcher(resolve_index_dir(index_dir)).cite(doc_id, passage, style=style, ui=words)
    except SanadError as e:
        _fail(e)
    if fmt:
        click.echo(export([with_note(body["csl"], body["pinpoint"])], fmt), nl=False)
        return
    click.echo(body["citation"] if passage else body["reference"])
    if passage and body["reference"] != body["citation"]:
        click.echo(body["reference"])


@cli.command("analyze")
@click.argument("text")
@click.option("--lang", type=LANG_CHOICE, help="Language of the text [default: detected].")
@click.option("--field", "variant", type=click.Choice(VARIANTS),
              help="Only this field variant [default: every field the language has].")
def analyze_cmd(text: str, lang: str | None, variant: str | None) -> None:
    """Print, as JSON, the terms the index stores for TEXT.

    Example: sanad analyze --lang az "Azərbaycanın təşkilatlarından"
    """
    lang = lang or detect(text)
    variants = [variant] if variant else list(fields_for(lang))
    try:
        terms = [{"field": f"{lang}_{v}", **t} for v in variants for t in analyze_text(text, lang, v)]
    except ValueError as e:
        _fail(e)
    rows = ",\n".join("  " + json.dumps(t, ensure_ascii=False) for t in terms)
    click.echo(f'{{"lang": "{lang}", "terms": [\n{rows}\n]}}')


@cli.group("glossary")
def glossary_cmd() -> None:
    """Work on corpus/glossary.toml, the names searched across languages."""


@glossary_cmd.command("suggest")
@click.argument("doc", required=False)
@click.option("--corpus", "corpus_dir", envvar="SANAD_CORPUS_DIR", default=None,
              help="Corpus folder with catalog.toml [default: ./corpus; env SANAD_CORPUS_DIR].")
@click.option("--accept", is_flag=True, help="Write the new entries and spellings into glossary.toml.")
def glossary_suggest_cmd(doc: str | None, corpus_dir: str | None, accept: bool) -> None:
    """Propose glossary entries for document DOC (every document when left out).

    From keyword lists and titles printed in several languages, names linked by
    transliteration across the three scripts, and multi-word names whose words mean the
    same; checked against the glossary. Review them, then run again with --accept.

    Example: sanad glossary suggest mammadzade-2022
    """
    corpus = resolve_corpus_dir(corpus_dir)
    path = corpus / GLOSSARY
    try:
        proposals = suggest(corpus, doc, load_entries(path), load_lexicon(corpus / LEXICON))
    except KeyError:
        _fail(ValueError(f"No document '{doc}' in {corpus / 'catalog.toml'}; give one of its ids, or none."))
    except SanadError as e:
        _fail(e)
    fresh = [p for p in proposals if not p.known]
    click.echo(f"{len(proposals)} proposals for {doc or 'every document'}: "
               f"{sum(1 for p in fresh if not p.extends)} new entries, {sum(1 for p in fresh if p.extends)} "
               f"with new spellings, {len(proposals) - len(fresh)} already in the glossary")
    for p in proposals:
        mark = f"known {p.known}" if p.known else f"adds to {p.extends}" if p.extends else "new"
        forms = " | ".join(f"{lang}: {f}" for lang, f in (p.new_forms or p.forms).items())
        click.echo(f"  {mark:<30} [{p.source}] {forms}")
    if accept:
        for line in accept_proposals(path, fresh):
            click.echo(f"written: {line}")
        click.echo(f"Check {path} and run `sanad index` to search with the new entries.")
    elif fresh:
        click.echo("Nothing written; run again with --accept to add the new ones to glossary.toml.")


@cli.command("serve")
@index_dir_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="Port (0 picks a free one).")
@click.option("--workers", default=DEFAULT_WORKERS, show_default=True, type=click.IntRange(1, 64),
              help="Processes serving requests, each with its own threads and index readers "
                   "[default: one per CPU core].")
@click.option("--threads", default=DEFAULT_THREADS, show_default=True, type=click.IntRange(1, 64),
              help="Threads per worker process.")
@click.option("--debug", is_flag=True, help="Flask's development server with debugger, one process "
                                            "(never in production).")
def serve_cmd(index_dir: str | None, host: str, port: int, workers: int, threads: int, debug: bool) -> None:
    """Serve the search site and JSON API (waitress, a production WSGI server).

    Example: sanad serve --port 8000 --workers 2
    """
    from web import create_app
    from web.server import serve

    root = resolve_index_dir(index_dir)
    if not (root / "current").exists():
        _fail(IndexMissing(root))
    app = create_app({"INDEX_DIR": str(root)})
    try:
        status = serve(app, host=host, port=port, threads=threads, debug=debug, workers=workers)
    except SanadError as e:
        _fail(e)
    sys.exit(status)


def main() -> None:
    cli(prog_name="sanad")


if __name__ == "__main__":
    main()
