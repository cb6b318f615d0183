"""Scaled test corpora, generated deterministically from the seed texts in corpus/.

The seed corpus has 75 passages. To see how Sanad behaves with thousands of articles, this
module writes a corpus of any size (texts + ``catalog.toml``) made from the seed passages:

- Passages are recombined: the first sentences of one seed paragraph, then the last
  sentences of another paragraph of the same language.
- Words are perturbed so the vocabulary keeps growing as in real text. A word of four
  letters or more is replaced, with probability ``MUTATE``, by its *k*-th variant, where
  *k* follows a power law (most draws reuse a few variants, ever rarer ones keep coming).
  The number of distinct words then grows like ``tokens ** beta`` (Heaps' law) with beta
  near 0.5, instead of stopping at the seed vocabulary. A variant is the word with a
  suffix of its language, a changed letter or two swapped letters; its first letter is
  kept, so capitalisation and the language of the passage stay as they were.

The same ``(passages, seed)`` always gives byte-identical files.

    python bench/corpus_gen.py 10000 bench/out/corpora/10k     # from the command line
    generate(Path("bench/out/corpora/10k"), 10_000)             # from Python
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from index.catalog import load_catalog  # noqa: E402
from index.segment import segment  # noqa: E402
from index.store import GLOSSARY  # noqa: E402

SEED_CORPUS = ROOT / "corpus"
MUTATE = 0.25             # share of long words replaced by a variant
ZIPF_SHAPE = 0.9          # tail of the variant number k: P(k >= x) ~ x ** -ZIPF_SHAPE
PASSAGES_PER_DOC = 100
SPLICE = 0.6              # share of passages made of two seed paragraphs
LANG_WEIGHTS = {"az": 29, "ru": 26, "en": 20}   # as in the seed corpus

ALPHABET = {
    "az": "abcçdeəfgğhxıijkqlmnoöprsştuüvyz",
    "ru": "абвгдежзийклмнопрстуфхцчшщыэюя",
    "en": "abcdefghijklmnopqrstuvwxyz",
}
SUFFIXES = {
    "az": "lar lər da də dan dən ın in un ün ı i a ə dır dir ları ləri dakı dəki çı çi lıq lik sız siz "
          "maq mək",
    "ru": "ого ому ами ями ах ях ой ей ы и ам ов ость ский ская ное ник ами ение ать",
    "en": "s ed ing er ers ness ly ism ist ation al ity ment",
}
_SENTENCE = re.compile(r"(?<=[.!?…])\s+(?=[^\W\d_])")
_WORD = re.compile(r"[^\W\d_]{4,}")


@dataclass
class Generated:
    """What was written: counts, and the vocabulary growth for the Heaps'-law check."""

    path: Path
    documents: int
    passages: int
    tokens: int
    types: int
    growth: list[tuple[int, int]]   # (tokens so far, distinct lower-cased words so far)

    @property
    def heaps_beta(self) -> float:
        """Slope of log(types) over log(tokens) across the second half of the run."""
        import math

        (n1, v1), (n2, v2) = self.growth[len(self.growth) // 2], self.growth[-1]
        return math.log(v2 / v1) / math.log(n2 / n1) if n2 > n1 and v2 > v1 else 0.0


def seed_paragraphs(corpus_dir: Path = SEED_CORPUS) -> dict[str, list[list[str]]]:
    """Per language, the seed passages split into sentences (furniture and titles left out)."""
    out: dict[str, list[list[str]]] = {lang: [] for lang in ALPHABET}
    for doc in load_catalog(corpus_dir):
        for p in segment(doc, doc.read_text()):
            if p.kind in ("body", "abstract") and len(p.text) >= 80:
                out[p.lang].append(_SENTENCE.split(p.text))
    return out


class _Mutator:
    """Word variants, the same for the same (language, word, k) in every run."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.cache: dict[tuple[str, str, int], str] = {}

    def variant(self, lang: str, word: str, k: int) -> str:
        key = (lang, word, k)
        found = self.cache.get(key)
        if found is None:
            found = self.cache[key] = self._make(lang, word, k)
        return found

    def _make(self, lang: str, word: str, k: int) -> str:
        rng = random.Random(f"{self.seed}:{lang}:{word}:{k}")
        letters, suffixes = ALPHABET[lang], SUFFIXES[lang].split()
        w = word
        for _ in range(1 + (k > 8) + (k > 64)):
            op = rng.random()
            if op < 0.45:
                w += rng.choice(suffixes)
            elif op < 0.8:
                i = rng.randrange(1, len(w))
                c = rng.choice(letters)
                w = w[:i] + (c.upper() if w[i].isupper() else c) + w[i + 1:]
            else:
                i = rng.randrange(1, len(w) - 1)
                w = w[:i] + w[i + 1] + w[i] + w[i + 2:]
        return w if w != word else word + rng.choice(suffixes)


def _perturb(text: str, lang: str, rng: random.Random, mutator: _Mutator) -> str:
    def repl(m: re.Match) -> str:
        if rng.random() >= MUTATE:
            return m.group()
        k = int(rng.paretovariate(ZIPF_SHAPE))
        return mutator.variant(lang, m.group(), k)
    return _WORD.sub(repl, text)


def _passage(pool: list[list[str]], rng: random.Random) -> str:
    base = rng.choice(pool)
    if len(base) > 1 and rng.random() < SPLICE:
        other = rng.choice(pool)
        cut = rng.randrange(1, len(base))
        tail = other[rng.randrange(0, len(other)):]
        sentences = base[:cut] + tail
    else:
        sentences = list(base)
    text = " ".join(sentences).strip()
    return text if text.endswith((".", "!", "?", "…")) else text + "."


def _languages(n_docs: int) -> list[str]:
    """Document languages in the seed's proportions, every language among the first three."""
    total = sum(LANG_WEIGHTS.values())
    counts = dict.fromkeys(LANG_WEIGHTS, 0)
    out = []
    for d in range(n_docs):
        lang = max(LANG_WEIGHTS, key=lambda x: LANG_WEIGHTS[x] * (d + 1) / total - counts[x])
        counts[lang] += 1
        out.append(lang)
    return out


def _title(pool: list[list[str]], rng: random.Random, mutator: _Mutator, lang: str) -> str:
    words = [w for w in rng.choice(pool)[0].split() if w.isalpha()][:8] or ["Untitled"]
    title = _perturb(" ".join(words), lang, rng, mutator)
    return title[:1].upper() + title[1:]


def _toml(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def generate(out_dir: Path, passages: int, *, seed: int = 0, corpus_dir: Path = SEED_CORPUS,
             per_doc: int = PASSAGES_PER_DOC) -> Generated:
    """Write a corpus of *passages* passages (``texts/`` and ``catalog.toml``) into *out_dir*.

    Each document holds *per_doc* passages (the last one the rest), all in the document's
    language; every passage is one paragraph, so Sanad segments it back exactly.
    """
    if passages < 1:
        raise ValueError("passages must be at least 1")
    pools = seed_paragraphs(corpus_dir)
    rng = random.Random(seed)
    mutator = _Mutator(seed)
    out_dir = Path(out_dir)
    texts = out_dir / "texts"
    texts.mkdir(parents=True, exist_ok=True)
    for old in texts.glob("gen-*.txt"):
        old.unlink()
    n_docs = -(-passages // per_doc)
    catalog = ["# Generated by bench/corpus_gen.py: do not edit, do not commit.", ""]
    vocab: set[str] = set()
    tokens, growth, left = 0, [], passages
    for d, lang in enumerate(_languages(n_docs)):
        count = min(per_doc, left)
        left -= count
        doc_id = f"gen-{d + 1:05d}-{lang}"
        paragraphs = [_perturb(_passage(pools[lang], rng), lang, rng, mutator) for _ in range(count)]
        (texts / f"{doc_id}.{lang}.txt").write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
        for p in paragraphs:
            words = p.lower().split()
            tokens += len(words)
            vocab.update(words)
        growth.append((tokens, len(vocab)))
        catalog += ["[[document]]", f"id = {_toml(doc_id)}", f"file = {_toml(f'texts/{doc_id}.{lang}.txt')}",
                    'kind = "article"', f"language = {_toml(lang)}",
                    f"title = {_toml(_title(pools[lang], rng, mutator, lang))}",
                    f"year = {1995 + rng.randrange(30)}", ""]
    (out_dir / "catalog.toml").write_text("\n".join(catalog), encoding="utf-8")
    glossary = Path(corpus_dir) / GLOSSARY
    if glossary.is_file():   # the seed's names and terms, so searches across languages still work
        shutil.copyfile(glossary, out_dir / GLOSSARY)
    return Generated(out_dir, n_docs, passages, tokens, len(vocab), growth)


def add_document(out_dir: Path, doc_id: str, passages: int = PASSAGES_PER_DOC, *, seed: int = 1,
                 corpus_dir: Path = SEED_CORPUS) -> Path:
    """Add one generated document of *passages* passages to the corpus in *out_dir*, as a
    user adding a text would (a file and a catalogue entry); returns the text's path."""
    pools = seed_paragraphs(corpus_dir)
    rng, mutator, lang = random.Random(seed), _Mutator(seed), "en"
    paragraphs = [_perturb(_passage(pools[lang], rng), lang, rng, mutator) for _ in range(passages)]
    text = Path(out_dir) / "texts" / f"{doc_id}.{lang}.txt"
    text.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    entry = ["", "[[document]]", f"id = {_toml(doc_id)}", f"file = {_toml(f'texts/{doc_id}.{lang}.txt')}",
             'kind = "article"', f"language = {_toml(lang)}",
             f"title = {_toml(_title(pools[lang], rng, mutator, lang))}", ""]
    with open(Path(out_dir) / "catalog.toml", "a", encoding="utf-8") as f:
        f.write("\n".join(entry))
    return text


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Write a scaled Sanad corpus made from the seed texts.")
    ap.add_argument("passages", type=int, help="how many passages")
    ap.add_argument("out_dir", type=Path, help="where to write texts/ and catalog.toml (e.g. under bench/out/)")
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args(argv)
    g = generate(a.out_dir, a.passages, seed=a.seed)
    print(f"{g.documents} documents, {g.passages} passages, {g.tokens} words, {g.types} distinct "
          f"(Heaps beta {g.heaps_beta:.2f}) in {g.path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
