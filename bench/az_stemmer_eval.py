"""Measure the Azerbaijani stemmer on word forms from the corpus.

Collects the Azerbaijani word forms of one article (its body, before the Russian
summary), counts forms and keys, and checks a hand-made gold file of form groups
(``bench/data/az_stem_gold.tsv``: ``form<TAB>group``) pair by pair:

- recall: pairs of forms of one word that get one key (should merge and do);
- wrong merges: pairs of forms of different words that get one key (should not);
- precision: right merges / all merges among the gold forms;
- whole groups: words all of whose forms get a single key.

Rows: no stemming, a naive "strip the longest matching suffix" stemmer, Snowball
Turkish (PyStemmer, if installed), Sanad's ``stem`` without its word lists (rules
only) and with them, and the folded field (``fold`` alone, and ``fold`` + ``stem_folded``).

The gold forms come from the same article the word lists were tuned on, so the
"rules only" row is the fairer guess at unseen text.

Run: ``python bench/az_stemmer_eval.py [--show N]``.
"""

from __future__ import annotations

import argparse
import itertools
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from index.analysis.azerbaijani import _Profile, _stem_any, fold, stem, stem_folded, turkic_lower  # noqa: E402

ARTICLE = ROOT / "corpus" / "texts" / "mammadzade-2022-oic-44-day-war.az.txt"
GOLD = ROOT / "bench" / "data" / "az_stem_gold.tsv"

_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_WORD = re.compile(r"\w+(?:[-'’ʼ]\w+)*")


def article_body(text: str) -> str:
    """The Azerbaijani body: lines before the Russian summary heading, without the
    (partly Russian) journal header line, e-mail addresses, and end-of-line hyphens."""
    lines = []
    for line in text.splitlines():
        letters = [c for c in line if c.isalpha()]
        cyr = sum(1 for c in letters if _CYRILLIC.match(c))
        if letters and cyr / len(letters) >= 0.8:
            break  # the Russian summary starts
        if cyr or "@" in line:
            continue
        lines.append(line)
    body = "\n".join(lines)
    # Rejoin "xx-\nyy"; keep the hyphen after an acronym (İKT-\nnin → İKT-nin).
    return re.sub(r"([^\W\d_])-[ \t]*\n\s*([^\W\d_])",
                  lambda m: m.group(1) + ("-" if m.group(1).isupper() else "") + m.group(2), body)


def corpus_forms() -> Counter[str]:
    body = article_body(ARTICLE.read_text(encoding="utf-8"))
    forms: Counter[str] = Counter()
    for tok in _WORD.findall(body):
        if any(c.isdigit() for c in tok) or len(tok) < 2:
            continue
        forms[turkic_lower(tok)] += 1
    return forms


def read_gold() -> list[tuple[str, str]]:
    rows = []
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        form, group = line.split("\t")
        rows.append((form.strip(), group.strip()))
    return rows


# --- the naive baseline: strip the longest suffix from a flat list, harmony ignored

def _expand(template: str) -> set[str]:
    opts = {"A": "aə", "I": "ıiuü"}
    pools = [opts.get(c, c) for c in template]
    return {"".join(p) for p in itertools.product(*pools)}


_NAIVE_TEMPLATES = """
lAr lArI lArIn lArA lArdA lArdAn lArlA lArInIn lArInA lArInI lArIndA lArIndAn lArIndAkI
I sI In nIn sInIn sInA sInI sIndA sIndAn IndA IndAn InA InI A yA nA dA ndA dAn ndAn lA ylA
nI dIr dAkI ndAkI ImIz mIz
""".split()
_NAIVE_SUFFIXES = sorted(set().union(*(_expand(t) for t in _NAIVE_TEMPLATES)), key=len, reverse=True)


def naive_stem(word: str) -> str:
    for suf in _NAIVE_SUFFIXES:
        if word.endswith(suf) and len(word) - len(suf) >= 3:
            return word[: -len(suf)]
    return word


def snowball_turkish() -> Callable[[str], str] | None:
    try:
        import Stemmer
    except ImportError:
        return None
    st = Stemmer.Stemmer("turkish")
    return st.stemWord


# --- scoring

def score(keyfn: Callable[[str], str], gold: list[tuple[str, str]]) -> dict:
    keys = {form: keyfn(form) for form, _ in gold}
    same_total = same_merged = wrong = 0
    missed: list[tuple[str, str]] = []
    wrong_pairs: list[tuple[str, str]] = []
    for (f1, g1), (f2, g2) in itertools.combinations(gold, 2):
        merged = keys[f1] == keys[f2]
        if g1 == g2:
            same_total += 1
            same_merged += merged
            if not merged:
                missed.append((f1, f2))
        elif merged:
            wrong += 1
            wrong_pairs.append((f1, f2))
    groups: dict[str, set[str]] = defaultdict(set)
    for form, g in gold:
        groups[g].add(keys[form])
    multi = [g for g in groups if sum(1 for _, gg in gold if gg == g) > 1]
    whole = sum(1 for g in multi if len(groups[g]) == 1)
    merges = same_merged + wrong
    return {
        "recall": same_merged / same_total if same_total else 1.0,
        "precision": same_merged / merges if merges else 1.0,
        "wrong": wrong,
        "whole": whole,
        "groups": len(multi),
        "missed": missed,
        "wrong_pairs": wrong_pairs,
        "keys": keys,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--show", type=int, default=12, help="list up to N misses and wrong merges")
    args = ap.parse_args(argv)

    forms = corpus_forms()
    gold = read_gold()
    absent = [f for f, _ in gold if f not in forms]

    systems: list[tuple[str, Callable[[str], str]]] = [
        ("no stemming", lambda w: w),
        ("naive longest suffix", naive_stem),
    ]
    tr = snowball_turkish()
    if tr is not None:
        systems.append(("Snowball Turkish", tr))
    rules_only = _Profile(folded=False, word_lists=False)
    systems += [
        ("sanad, rules only", lambda w: _stem_any(turkic_lower(w), rules_only)),
        ("sanad stem", stem),
        ("fold only", fold),
        ("fold + stem_folded", lambda w: stem_folded(fold(w))),
    ]

    print(f"article: {ARTICLE.relative_to(ROOT)}")
    print(f"tokens: {sum(forms.values())}  distinct forms: {len(forms)}")
    print(f"gold: {len(gold)} forms in {len({g for _, g in gold})} groups "
          f"({len({g for _, g in gold if sum(1 for _, x in gold if x == g) > 1})} with 2+ forms)"
          + (f"; not in the article: {', '.join(absent)}" if absent else ""))
    print()
    head = f"{'system':<22} {'keys':>5} {'recall':>7} {'precision':>9} {'wrong':>6} {'whole groups':>13}"
    print(head)
    print("-" * len(head))
    results = {}
    for name, fn in systems:
        nkeys = len({fn(f) for f in forms})
        r = score(fn, gold)
        results[name] = r
        print(f"{name:<22} {nkeys:>5} {r['recall']:>7.3f} {r['precision']:>9.3f} {r['wrong']:>6} "
              f"{r['whole']:>6}/{r['groups']:<6}")
    print()
    print("keys: distinct keys over all forms of the article; recall/precision/wrong: over")
    print("pairs of gold forms; whole groups: words whose forms all share one key.")

    if args.show:
        for name in ("sanad stem", "fold + stem_folded"):
            r = results[name]
            keys = r["keys"]
            if r["missed"]:
                print(f"\n{name}: missed merges ({len(r['missed'])} pairs), first {args.show}:")
                for a, b in r["missed"][: args.show]:
                    print(f"  {a} → {keys[a]}   {b} → {keys[b]}")
            if r["wrong_pairs"]:
                print(f"\n{name}: wrong merges ({len(r['wrong_pairs'])} pairs), first {args.show}:")
                for a, b in r["wrong_pairs"][: args.show]:
                    print(f"  {a}, {b} → {keys[a]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
