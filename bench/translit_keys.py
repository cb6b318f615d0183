"""Cross-script names: would transliteration keys do better than the glossary?

Builds a consonant-skeleton key for every word (Cyrillic and Azerbaijani letters
transliterated to Latin by per-language rules, vowels and y/h dropped, doubled letters
collapsed), then measures on the glossary's person and place entries, whose az/ru/en
forms are known to be the same name:

- recall: pairs of forms of one name (across scripts/languages) that get the same key;
- collisions: words of the corpus that share a key with a name but are not that name.

    python bench/translit_keys.py
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from index.analysis.azerbaijani import turkic_lower  # noqa: E402
from index.catalog import load_catalog  # noqa: E402
from index.glossary import load_entries  # noqa: E402
from index.langid import detect  # noqa: E402

RU = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
              ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s",
               "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya"], strict=True))
AZ = {"ə": "a", "ı": "i", "ö": "o", "ü": "u", "ş": "sh", "ç": "ch", "ğ": "gh", "x": "kh", "c": "j", "q": "g",
      "j": "zh"}
VOWELS = set("aeiouy")


def latin(word: str, lang: str) -> str:
    w = (turkic_lower(word) if lang == "az" else word.lower()).replace("дж", "j")
    w = re.sub(r"[-'’ʼ\u0307]", "", w)
    if lang == "ru":
        return "".join(RU.get(c, c) for c in w)
    if lang == "az":
        return "".join(AZ.get(c, c) for c in w)
    w = re.sub(r"c(?=[eiy])", "s", w).replace("c", "k").replace("x", "ks").replace("q", "k")
    return w


def key(word: str, lang: str) -> str:
    lat = latin(word, lang)
    lat = lat.replace("kh", "h").replace("zh", "j").replace("dj", "j").replace("ts", "s")
    skeleton = lat[0] + "".join(c for c in lat[1:] if c not in VOWELS and c != "h")
    return re.sub(r"(.)\1+", r"\1", skeleton)


def main() -> int:
    entries = [e for e in load_entries(ROOT / "corpus" / "glossary.toml") if e.kind in ("person", "place")]
    pairs = hits = 0
    misses: list[str] = []
    for e in entries:
        forms = [(lang, f) for lang, f in e.all_forms() if " " not in f]
        for (la, a), (lb, b) in combinations(forms, 2):
            if la == lb:
                continue
            pairs += 1
            if key(a, la) == key(b, lb):
                hits += 1
            elif len(misses) < 12:
                misses.append(f"{a} ({key(a, la)}) ≠ {b} ({key(b, lb)})")
    vocab: dict[str, set[str]] = defaultdict(set)
    for doc in load_catalog(ROOT / "corpus"):
        for word in re.findall(r"\w+", doc.read_text()):
            if len(word) > 3 and not word.isdigit():
                vocab[key(word, detect(word))].add(word.lower())
    name_latin: dict[str, set[str]] = defaultdict(set)
    for e in entries:
        for lang, f in e.all_forms():
            if " " not in f:
                name_latin[key(f, lang)].add(latin(f, lang)[:4])

    def other_meaning(k: str, word: str) -> bool:
        # A word sharing a name's key but not its first letters is not a form of that name.
        return latin(word, detect(word))[:4] not in name_latin[k]
    noisy = {k: sorted(w for w in ws if other_meaning(k, w))[:4] for k, ws in vocab.items() if k in name_latin}
    noisy = {k: v for k, v in noisy.items() if v}
    name_keys = name_latin
    print(f"name entries: {len(entries)}; cross-language one-word form pairs: {pairs}")
    print(f"same key (recall): {hits}/{pairs} = {hits / max(pairs, 1):.2f}")
    print(f"name keys shared by corpus words of other meaning (false links): {len(noisy)}/{len(name_keys)}")
    for k, ws in list(noisy.items())[:10]:
        print(f"  {k}: {', '.join(ws)}")
    print("misses, e.g.:")
    for m in misses:
        print(f"  {m}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
