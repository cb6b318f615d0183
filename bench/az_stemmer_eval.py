"""Measure the Azerbaijani stemmer on generated paradigms and on word forms from the corpus.

Generated paradigms (``bench/az_paradigms.py``: nouns and verbs the team listed from the
grammar, their forms made by the rules, never seen by the stemmer's tuning):

- conflated: forms whose keys meet the keys of their lemma (the bare noun; a verb's
  infinitive, its dictionary form);
- merged: pairs of different lemmas some of whose forms share a key, as a share of all
  pairs, and the share of lemmas caught in any such pair; verbs are also checked against
  the nouns.

Unseen verbs (``bench/data/az_verbs_unseen.tsv``: 54 verbs and 9 compound verbs with
``etmək``/``olmaq``, their forms written from the grammar before the verb rules of session 6
were changed, so the rules were not tuned on them): conflation with the key of the verb
stem (``yaz``, as a treebank's lemma) and with the key of the infinitive (``yazmaq``), a
compound word by word (``qəbul edilmişdir`` meets ``qəbul etmək`` when both words meet).

Merged nouns are also counted beyond no stemming: the pairs the stemmer merges that are not
surface homographs already (``ata`` is a form of ``at`` and the noun ``ata``), since no
stemmer can keep those apart.

A form may have several keys (an ambiguous form is indexed under each reading and a query
word searches all of its keys), so two forms meet when their key sets intersect.

Corpus gold: collects the Azerbaijani word forms of one article (its body, before the Russian
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

from bench.az_paradigms import DATA, Lemma, noun_forms, read_lemmas, read_verb_forms, verb_forms  # noqa: E402
from index.analysis import analyzer, azerbaijani  # noqa: E402
from index.analysis.azerbaijani import _Profile, fold, turkic_lower  # noqa: E402

KeyFn = Callable[[str], tuple[str, ...]]

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

def score(keyfn: KeyFn, gold: list[tuple[str, str]]) -> dict:
    keys = {form: frozenset(keyfn(form)) for form, _ in gold}
    same_total = same_merged = wrong = 0
    missed: list[tuple[str, str]] = []
    wrong_pairs: list[tuple[str, str]] = []
    for (f1, g1), (f2, g2) in itertools.combinations(gold, 2):
        merged = bool(keys[f1] & keys[f2])
        if g1 == g2:
            same_total += 1
            same_merged += merged
            if not merged:
                missed.append((f1, f2))
        elif merged:
            wrong += 1
            wrong_pairs.append((f1, f2))
    groups: dict[str, set[frozenset[str]]] = defaultdict(set)
    for form, g in gold:
        groups[g].add(keys[form])
    multi = [g for g in groups if sum(1 for _, gg in gold if gg == g) > 1]
    whole = sum(1 for g in multi if frozenset.intersection(*groups[g]))
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


# --- generated paradigms

def _lemma_forms(lemmas: list[Lemma], forms_of: Callable[[Lemma], list[str]],
                 reference: Callable[[Lemma], str]) -> list[tuple[str, str, list[str]]]:
    """(lemma, the form its inflections should meet, all its forms)."""
    return [(lem.word, reference(lem), [reference(lem), *forms_of(lem)]) for lem in lemmas]


def _infinitive(lemma: Lemma) -> str:
    return next(f for f in verb_forms(lemma) if f.endswith(("maq", "mək")) and "m" not in f[len(lemma.word) - 1:-3])


def _merged_pairs(keyfn: KeyFn, groups: list[tuple[str, str, list[str]]]) -> set[tuple[str, str]]:
    owners: dict[str, set[str]] = defaultdict(set)
    for lemma, _, forms in groups:
        for f in forms:
            for k in keyfn(f):
                owners[k].add(lemma)
    return {tuple(sorted(p)) for o in owners.values() if len(o) > 1  # type: ignore[misc]
            for p in itertools.combinations(o, 2)}


def paradigm_scores(keyfn: KeyFn, groups: list[tuple[str, str, list[str]]]) -> dict:
    """Conflation with the reference form, and merges between different lemmas."""
    total = met = 0
    missed: list[tuple[str, str]] = []
    for _, ref, forms in groups:
        ref_keys = set(keyfn(ref))
        for f in forms[1:]:
            total += 1
            if ref_keys & set(keyfn(f)):
                met += 1
            else:
                missed.append((ref, f))
    pairs = _merged_pairs(keyfn, groups)
    n = len(groups)
    caught = {w for p in pairs for w in p}
    return {"forms": total, "conflated": met / total, "missed": missed, "pairs": sorted(pairs),
            "pair_share": len(pairs) / (n * (n - 1) / 2), "lemma_share": len(caught) / n}


def verb_noun_pairs(keyfn: KeyFn, verbs: list[tuple[str, str, list[str]]],
                    nouns: list[tuple[str, str, list[str]]]) -> set[tuple[str, str]]:
    """(verb, noun) pairs some of whose forms share a key."""
    noun_keys: dict[str, set[str]] = defaultdict(set)
    for lemma, _, forms in nouns:
        for f in forms:
            for k in keyfn(f):
                noun_keys[k].add(lemma)
    return {(verb, noun) for verb, _, forms in verbs for f in forms for k in keyfn(f) for noun in noun_keys.get(k, ())}


def _sanad(profile: _Profile | None = None) -> KeyFn:
    """Sanad's keys of a form, as the analyzer makes them: compounds split first
    (``İƏT-in`` → ``iət``), then the keys of each word (with *profile*'s rules)."""
    exact = analyzer("az", "exact")

    def fn(form: str) -> tuple[str, ...]:
        words = [t.text for t in exact(form, mode="index", removestops=False)] or [form]
        if profile is None:
            return tuple(k for w in words for k in azerbaijani.keys(w))
        return tuple(k for w in words for k in azerbaijani._keys_any(w, profile))
    return fn


def _sanad_folded(form: str) -> tuple[str, ...]:
    words = [t.text for t in analyzer("az", "exact")(form, mode="index", removestops=False)] or [form]
    return tuple(k for w in words for k in azerbaijani.keys_folded(w))


def _one(fn: Callable[[str], str]) -> KeyFn:
    return lambda w: (fn(w),)


def _phrase(keyfn: KeyFn) -> KeyFn:
    """Keys of a form of one or more words (``qəbul edilmişdir``): each combination of the
    words' keys, so two phrases meet when every word meets its counterpart."""
    def fn(form: str) -> tuple[str, ...]:
        return tuple(" ".join(c) for c in itertools.product(*(keyfn(w) for w in form.split(" "))))
    return fn


def _beyond(pairs: list[tuple[str, str]], surface: list[tuple[str, str]], n: int) -> tuple[int, float]:
    """Merged pairs that are not surface homographs: their count and the share of lemmas in one."""
    added = set(pairs) - set(surface)
    return len(added), len({w for p in added for w in p}) / n


def _unseen_verbs() -> tuple[list[tuple[str, str, list[str]]], list[tuple[str, str, list[str]]], dict[str, str]]:
    """The held-out verbs grouped against their stem and against their infinitive, and each
    form's feature."""
    verbs = read_verb_forms(DATA / "az_verbs_unseen.tsv")
    by_stem = [(v.stem, v.stem, [v.stem, *(f for f, _ in v.forms)]) for v in verbs]
    by_inf = [(v.stem, v.infinitive, [v.infinitive, *(f for f, _ in v.forms if f != v.infinitive)]) for v in verbs]
    return by_stem, by_inf, {f: feat for v in verbs for f, feat in v.forms}


def report_paradigms(show: int) -> None:
    nouns = _lemma_forms(read_lemmas(DATA / "az_nouns.tsv"), noun_forms, lambda lem: lem.word)
    verbs = _lemma_forms(read_lemmas(DATA / "az_verbs.tsv"), verb_forms, _infinitive)
    print(f"generated paradigms: {len(nouns)} nouns, {sum(len(f) - 1 for *_, f in nouns)} forms; "
          f"{len(verbs)} verbs, {sum(len(f) - 1 for *_, f in verbs)} forms")
    print()
    head = (f"{'system':<22} {'nouns conflated':>15} {'merged pairs':>13} {'nouns merged':>13} {'beyond surface':>15} "
            f"{'verbs conflated':>15} {'merged pairs':>13} {'verb-noun':>9}")
    print(head)
    print("-" * len(head))
    rules_only = _Profile(folded=False, word_lists=False)
    shown: dict[str, tuple] = {}
    systems: tuple[tuple[str, KeyFn], ...] = (
        ("no stemming", _one(lambda w: w)), ("naive longest suffix", _one(naive_stem)),
        ("sanad, rules only", _sanad(rules_only)), ("sanad keys", _sanad()),
        ("fold + folded keys", azerbaijani.keys_folded))
    surface = paradigm_scores(systems[0][1], nouns)["pairs"]
    for name, fn in systems:
        n, v = paradigm_scores(fn, nouns), paradigm_scores(fn, verbs)
        vn = verb_noun_pairs(fn, verbs, nouns)
        shown[name] = (n, v, vn)
        added, share = _beyond(n["pairs"], surface, len(nouns))
        print(f"{name:<22} {n['conflated']:>15.3f} {len(n['pairs']):>6} {n['pair_share']:>6.2%} "
              f"{n['lemma_share']:>13.1%} {added:>5} {share:>9.1%} {v['conflated']:>15.3f} {len(v['pairs']):>6} "
              f"{v['pair_share']:>6.2%} {len(vn):>9}")
    print()
    unseen = _lemma_forms(read_lemmas(DATA / "az_nouns_unseen.tsv"), noun_forms, lambda lem: lem.word)
    print(f"unseen nouns (data/az_nouns_unseen.tsv, written after the stemmer): {len(unseen)} nouns, "
          f"{sum(len(f) - 1 for *_, f in unseen)} forms")
    print(f"{'system':<22} {'nouns conflated':>15} {'merged pairs':>13} {'nouns merged':>13} {'beyond surface':>15}")
    surface = paradigm_scores(systems[0][1], unseen)["pairs"]
    for name, fn in systems:
        u = paradigm_scores(fn, unseen)
        shown[name] = (*shown[name], u)
        added, share = _beyond(u["pairs"], surface, len(unseen))
        print(f"{name:<22} {u['conflated']:>15.3f} {len(u['pairs']):>6} {u['pair_share']:>6.2%} "
              f"{u['lemma_share']:>13.1%} {added:>5} {share:>9.1%}")
    print()
    by_stem, by_inf, feature = _unseen_verbs()
    all_nouns = nouns + unseen
    print(f"unseen verbs (data/az_verbs_unseen.tsv, written before the verb rules changed): {len(by_stem)} verbs, "
          f"{sum(len(f) - 1 for *_, f in by_stem)} forms")
    print(f"{'system':<22} {'meet the stem':>13} {'meet the infinitive':>19} {'merged pairs':>13} {'verb-noun':>9}")
    for name, fn in systems:
        pfn = _phrase(fn)
        st, inf = paradigm_scores(pfn, by_stem), paradigm_scores(pfn, by_inf)
        vn = verb_noun_pairs(pfn, by_stem, all_nouns)
        shown[name] = (*shown[name], st, inf, vn)
        print(f"{name:<22} {st['conflated']:>13.3f} {inf['conflated']:>19.3f} {len(st['pairs']):>6} "
              f"{st['pair_share']:>6.2%} {len(vn):>9}")
    print()
    print("conflated: forms whose keys meet their lemma's (bare noun; verb infinitive); merged")
    print("pairs: different lemmas sharing a key (count, share of all pairs); nouns merged: share")
    print("of nouns in any merged pair; beyond surface: merged pairs that no stemming does not")
    print("already merge (count, share of nouns in one); verb-noun: (verb, noun) pairs sharing a")
    print("key (unseen verbs: against both noun lists); meet the stem / the infinitive: forms")
    print("whose keys meet the key of the verb stem (yaz) / of the infinitive (yazmaq).")
    if show:
        n, v, vn, u, st, inf, uvn = shown["sanad keys"]
        for label, r in (("nouns", n), ("verbs", v), ("unseen nouns", u)):
            print(f"\nsanad keys, {label}: {len(r['missed'])} forms missed, first {show}: "
                  + ", ".join(f"{f} ({ref})" for ref, f in r["missed"][:show]))
            print(f"sanad keys, {label}: merged pairs: " + ", ".join("/".join(p) for p in r["pairs"][:3 * show]))
        print("sanad keys, verb-noun pairs: " + ", ".join("/".join(p) for p in sorted(vn)[:3 * show]))
        for label, r in (("the stem", st), ("the infinitive", inf)):
            missed = Counter(feature.get(f, "stem").split(".")[0] for _, f in r["missed"])
            print(f"\nsanad keys, unseen verbs missing {label}: {len(r['missed'])} forms "
                  f"({', '.join(f'{k} {c}' for k, c in missed.most_common())}), first {show}: "
                  + ", ".join(f"{f} ({ref})" for ref, f in r["missed"][:show]))
        print("sanad keys, unseen verbs: merged pairs: " + ", ".join("/".join(p) for p in st["pairs"][:3 * show]))
        print("sanad keys, unseen verb-noun pairs: " + ", ".join("/".join(p) for p in sorted(uvn)[:3 * show]))
    print()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--show", type=int, default=12, help="list up to N misses and wrong merges")
    args = ap.parse_args(argv)
    report_paradigms(args.show)

    forms = corpus_forms()
    gold = read_gold()
    absent = [f for f, _ in gold if f not in forms]

    systems: list[tuple[str, KeyFn]] = [
        ("no stemming", _one(lambda w: w)),
        ("naive longest suffix", _one(naive_stem)),
    ]
    tr = snowball_turkish()
    if tr is not None:
        systems.append(("Snowball Turkish", _one(tr)))
    systems += [
        ("sanad, rules only", _sanad(_Profile(folded=False, word_lists=False))),
        ("sanad keys", _sanad()),
        ("fold only", _one(fold)),
        ("fold + folded keys", _sanad_folded),
    ]

    print(f"corpus gold, article: {ARTICLE.relative_to(ROOT)}")
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
        nkeys = len({k for f in forms for k in fn(f)})
        r = score(fn, gold)
        results[name] = r
        print(f"{name:<22} {nkeys:>5} {r['recall']:>7.3f} {r['precision']:>9.3f} {r['wrong']:>6} "
              f"{r['whole']:>6}/{r['groups']:<6}")
    print()
    print("keys: distinct keys over all forms of the article; recall/precision/wrong: over")
    print("pairs of gold forms; whole groups: words whose forms all share one key.")

    if args.show:
        for name in ("sanad keys", "fold + folded keys"):
            r = results[name]
            keys = r["keys"]
            if r["missed"]:
                print(f"\n{name}: missed merges ({len(r['missed'])} pairs), first {args.show}:")
                for a, b in r["missed"][: args.show]:
                    print(f"  {a} → {'/'.join(sorted(keys[a]))}   {b} → {'/'.join(sorted(keys[b]))}")
            if r["wrong_pairs"]:
                print(f"\n{name}: wrong merges ({len(r['wrong_pairs'])} pairs), first {args.show}:")
                for a, b in r["wrong_pairs"][: args.show]:
                    print(f"  {a}, {b} → {'/'.join(sorted(keys[a] & keys[b]))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
