"""How much of today's glossary ``sanad glossary suggest`` finds from the texts alone.

    python bench/glossary_suggest.py [--corpus corpus]

Suggestions are made with an EMPTY glossary (the lexicon still marks ordinary words), then
checked against ``corpus/glossary.toml``:

- precision: the share of proposals whose forms all belong to one glossary entry (or
  are new spellings of it, where some of them do);
- recall: the share of glossary entries found, over the entries the texts can show at all
  (a form of the entry occurs in the texts in at least two languages), and over all entries.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from index.analysis import LANGS, analyzer  # noqa: E402
from index.catalog import load_catalog  # noqa: E402
from index.glossary import Entry, load_entries, load_lexicon  # noqa: E402
from index.segment import segment  # noqa: E402
from index.suggest import Proposal, check_against, suggest  # noqa: E402


def _keys(text: str, lang: str) -> list[str]:
    return [t.text for t in analyzer(lang, "stem")(text, mode="query")]


def attested(entries: list[Entry], corpus: Path) -> set[str]:
    """Entries with a form occurring in the texts in at least two languages."""
    text = dict.fromkeys(LANGS, " ")
    for d in load_catalog(corpus):
        for p in segment(d, d.read_text()):
            text[p.lang] += " ".join(_keys(p.text, p.lang)) + " "
    found = set()
    for e in entries:
        langs = [lang for lang, forms in e.forms.items()
                 if any(_keys(f, lang) and f" {' '.join(_keys(f, lang))} " in text[lang] for f in forms)]
        if len(langs) >= 2:
            found.add(e.id)
    return found


def measure(proposals: list[Proposal], entries: list[Entry], shown: set[str]) -> dict[str, float | int]:
    check_against(proposals, entries)
    right = [p for p in proposals if p.known or p.extends]
    found = {p.known or p.extends for p in right}
    return {"proposals": len(proposals), "right": len(right), "precision": len(right) / max(1, len(proposals)),
            "entries": len(entries), "shown": len(shown), "found": len(found), "found_shown": len(found & shown),
            "recall_shown": len(found & shown) / max(1, len(shown)), "recall_all": len(found) / max(1, len(entries))}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    a = ap.parse_args(argv)
    entries = load_entries(a.corpus / "glossary.toml")
    proposals = suggest(a.corpus, None, [], load_lexicon(a.corpus / "lexicon.toml"))
    m = measure(proposals, entries, attested(entries, a.corpus))
    print(f"glossary suggest from the texts alone: {m['proposals']} proposals, {m['right']} match today's "
          f"glossary (precision {m['precision']:.2f}); {m['found_shown']} of {m['shown']} entries the texts show in "
          f"two languages found (recall {m['recall_shown']:.2f}); {m['found']} of {m['entries']} entries in all "
          f"(recall {m['recall_all']:.2f})")
    for p in proposals:
        mark = f"= {p.known}" if p.known else f"~ {p.extends}" if p.extends else "new"
        print(f"  {mark:<28} {p.source:<13} " + " / ".join(f"{lang}: {f}" for lang, f in p.forms.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
