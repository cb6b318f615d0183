"""Relevance: run judged queries through Sanad's real search path and, in the same run,
through a plain SQLite FTS5 baseline over Sanad's own passages; print both side by side.

    python bench/relevance.py          # dev.jsonl, bench/data/{probe,heldout,independent,blind,fresh,outside}
    python bench/relevance.py --queries other.jsonl --markdown
    python bench/relevance.py --no-expand          # Sanad without glossary and typo help

The scorer is ``../shared/eval/score.py`` (anchor-based nDCG@10, MRR@10, R@10, P@1).
A ``none`` query (nothing in the corpus answers it) counts as answered well when it gets
no results, or only results marked ``weak``. A file whose query ids start with different
letters (the parts written at different times: ``h``, ``b`` and ``u`` in heldout.jsonl, ``i`` and
``j`` in independent.jsonl; ``k``, looked at per query, and ``l``, only as a total, in blind.jsonl;
``m``, looked at per query, and ``n``, only as a total, in fresh.jsonl; ``o``, looked at per query,
and ``t``, only as a total, in outside.jsonl) also gets one line per part.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sqlite3
import sys
import tempfile
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from index import build  # noqa: E402
from index.store import GLOSSARY  # noqa: E402
from search import QueryError, Searcher  # noqa: E402
from search.coverage import MIN_COUNT, coverage  # noqa: E402
from search.glossary import load_glossary  # noqa: E402

DEFAULT_EVAL = ROOT.parent / "shared" / "eval"
OWN_SETS = tuple(ROOT / "bench" / "data" / f"{name}.jsonl"
                 for name in ("probe", "heldout", "independent", "blind", "fresh", "outside"))
METRICS = ("ndcg", "mrr", "recall", "p1")


def load_module(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def all_passages(searcher: Searcher) -> list[dict]:
    return [p for d in searcher.documents() for p in searcher.document(d["id"])["passages"]]


def fts5(passages: list[dict], tokenize: str) -> sqlite3.Connection:
    con = sqlite3.connect(":memory:")
    con.execute(f"CREATE VIRTUAL TABLE p USING fts5(pid UNINDEXED, text, tokenize=\"{tokenize}\")")
    con.executemany("INSERT INTO p(pid, text) VALUES (?, ?)", [(p["id"], p["text"]) for p in passages])
    return con


def run_sanad(searcher: Searcher, queries: list[dict], expand: bool) -> dict[str, list[dict]]:
    out = {}
    for q in queries:
        try:
            body = searcher.search(q["query"], limit=10, expand=expand)
            out[q["id"]] = body["results"]
        except QueryError:
            out[q["id"]] = []
    return out


def run_fts5(con: sqlite3.Connection, baseline, queries: list[dict]) -> dict[str, list[dict]]:
    out = {}
    for q in queries:
        match = baseline.to_match(q["query"])
        rows = con.execute("SELECT text, -bm25(p) FROM p WHERE p MATCH ? ORDER BY bm25(p) LIMIT 10",
                           (match,)).fetchall() if match else []
        out[q["id"]] = [{"text": t, "score": s} for t, s in rows]
    return out


def score_run(score, queries: list[dict], raw: dict[str, list[dict]]) -> dict:
    per_q = {q["id"]: score.score_query(q, score.result_texts(raw.get(q["id"], []))) for q in queries}
    rows, lang_rows, _ = score.summarise(queries, per_q)
    none_ids = [q["id"] for q in queries if not q.get("relevant")]
    none_ok = [not raw[i] or all(r.get("weak") for r in raw[i]) for i in none_ids]
    return {"rows": {r[0]: r for r in rows + lang_rows}, "none": (sum(none_ok), len(none_ids)),
            "per_query": per_q}


def table(title: str, sanad: dict, peers: dict[str, dict], markdown: bool) -> str:
    names = list(peers)
    head = ["kind", "n", "Sanad nDCG@10", "MRR@10", "R@10", "P@1"] + [f"{n} nDCG@10" for n in names]
    lines = []
    for key, row in sanad["rows"].items():
        cells = [key.lower() if key == "OVERALL" else key, str(row[1])] + [f"{v:.3f}" for v in row[2:6]]
        cells += [f"{peers[n]['rows'][key][2]:.3f}" if key in peers[n]["rows"] else "–" for n in names]
        lines.append(cells)
    ok, n = sanad["none"]
    lines.append(["none", str(n), f"{ok}/{n} empty or weak", "", "", ""] +
                 [f"{peers[p]['none'][0]}/{n} empty" for p in names])
    if markdown:
        out = [f"**{title}**", "", "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        out += ["| " + " | ".join(c) + " |" for c in lines]
        return "\n".join(out)
    widths = [max(len(r[i]) for r in [head] + lines) for i in range(len(head))]

    def fmt(cells: list[str]) -> str:
        return "  ".join(c.ljust(w) if i == 0 else c.rjust(w)
                         for i, (c, w) in enumerate(zip(cells, widths, strict=True)))

    return "\n".join([f"== {title}", fmt(head)] + [fmt(c) for c in lines])


def parts_lines(score, queries: list[dict], per_q: dict[str, dict]) -> list[str]:
    """nDCG@10 per part of a judged file, a part being the queries whose ids share a first letter."""
    parts: dict[str, list[dict]] = {}
    for q in queries:
        parts.setdefault(q["id"][:1], []).append(q)
    if len(parts) < 2:
        return []
    out = []
    for letter, qs in parts.items():
        rows, _, _ = score.summarise(qs, {q["id"]: per_q[q["id"]] for q in qs})
        kinds = ", ".join(f"{r[0]} {r[2]:.3f}" for r in rows if r[0] != "OVERALL")
        total = next(r for r in rows if r[0] == "OVERALL")
        out.append(f"  part {letter}* ({total[1]} queries): overall {total[2]:.3f}; {kinds}")
    return out


def coverage_table(passages: list[dict], corpus: Path, markdown: bool) -> str:
    """The lexicon's and glossary's coverage of the corpus's frequent content words, per language."""
    rows = coverage(passages, load_glossary(corpus / GLOSSARY), top=8)
    head = f"lexicon coverage: content-word tokens of words seen {MIN_COUNT}+ times with an equivalent " \
           "in both other languages"
    lines = [[c.lang, f"{c.share:.3f}", f"{c.covered}/{c.tokens}", f"{c.words_covered}/{c.words}",
              ", ".join(f"{w} ({n})" for w, n in c.missing)] for c in rows]
    cols = ["lang", "tokens covered", "tokens", "words", "most frequent uncovered"]
    if markdown:
        return "\n".join([f"**{head}**", "", "| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)] +
                         ["| " + " | ".join(r) + " |" for r in lines])
    return "\n".join([f"== {head}"] + ["  ".join([r[0], r[1].rjust(6), r[2].rjust(9), r[3].rjust(8),
                                                    "uncovered: " + r[4]]) for r in lines])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--eval-dir", type=Path, default=Path(os.environ.get("SANAD_EVAL_DIR", DEFAULT_EVAL)))
    ap.add_argument("--queries", action="append", type=Path,
                    help="judgement file(s) [default: dev.jsonl, probe, heldout, independent, blind, fresh.jsonl]")
    ap.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    ap.add_argument("--no-expand", action="store_true", help="Sanad without glossary and typo help")
    ap.add_argument("--markdown", action="store_true", help="print Markdown tables (for bench/README.md)")
    ap.add_argument("--per-query", action="store_true", help="also print nDCG per query")
    a = ap.parse_args(argv)
    if not (a.eval_dir / "score.py").is_file():
        sys.exit(f"No scorer at {a.eval_dir}/score.py; pass --eval-dir or set SANAD_EVAL_DIR.")
    score = load_module(a.eval_dir / "score.py", "score")
    baseline = load_module(a.eval_dir / "baseline.py", "baseline")
    with tempfile.TemporaryDirectory(prefix="sanad-eval-") as tmp:
        build(a.corpus, Path(tmp))
        searcher = Searcher(Path(tmp))
        passages = all_passages(searcher)
        peers_con = {"FTS5 unicode61": fts5(passages, "unicode61 remove_diacritics 2"),
                     "FTS5 porter": fts5(passages, "porter unicode61")}
        for qpath in a.queries or [a.eval_dir / "dev.jsonl", *OWN_SETS]:
            queries = score.load_jsonl(qpath)
            sanad = score_run(score, queries, run_sanad(searcher, queries, not a.no_expand))
            peers = {n: score_run(score, queries, run_fts5(c, baseline, queries)) for n, c in peers_con.items()}
            title = f"{qpath.name}: {len(queries)} queries over {len(passages)} Sanad passages" + \
                    (" (no expansion)" if a.no_expand else "")
            print(table(title, sanad, peers, a.markdown))
            print("\n".join(parts_lines(score, queries, sanad["per_query"])))
            if a.per_query:
                for q in queries:
                    m = sanad["per_query"][q["id"]]
                    if "ndcg" in m:
                        print(f"  {q['id']} {q['kind']:<7} {m['ndcg']:.3f}  {q['query']}")
            print()
        print(coverage_table(passages, a.corpus, a.markdown))
    return 0


if __name__ == "__main__":
    sys.exit(main())
