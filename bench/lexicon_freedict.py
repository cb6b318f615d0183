"""Check the lexicon's English–Russian pairs against FreeDict's English–Russian dictionary.

FreeDict ships as the Debian package ``dict-freedict-eng-rus`` (dictd format: a ``.index`` of
headword, offset and length in dictd's base64, and a gzip-compatible ``.dict.dz``). For every
lexicon entry with an English form that FreeDict has as a headword, the entry counts as
confirmed when one of FreeDict's Russian translations of it has the lemma of one of the
entry's Russian forms; the others are listed for review (the dictionary is small, and often
gives another sense). Nothing here is used at run time.

    sudo apt-get install dict-freedict-eng-rus   # 2022.04.21-1 in Debian bookworm
    .venv/bin/python bench/lexicon_freedict.py [--show N]
"""

from __future__ import annotations

import argparse
import gzip
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from index.analysis.russian import lemmas  # noqa: E402
from index.glossary import load_lexicon  # noqa: E402

DICT = Path("/usr/share/dictd/freedict-eng-rus")
_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_CYRILLIC_WORD = re.compile(r"[а-яё]+(?:-[а-яё]+)?")


def _b64(s: str) -> int:
    n = 0
    for c in s:
        n = n * 64 + _B64.index(c)
    return n


def read_freedict(base: Path) -> dict[str, set[str]]:
    """Headword (lower-cased) → lemmas of the Russian words of its article."""
    with gzip.open(base.with_suffix(".dict.dz")) as f:
        data = f.read()
    out: dict[str, set[str]] = {}
    for line in base.with_suffix(".index").read_text(encoding="utf-8").splitlines():
        head, off, length = line.split("\t")
        if head.startswith("00database"):
            continue
        article = data[_b64(off):_b64(off) + _b64(length)].decode("utf-8").casefold()
        out.setdefault(head.casefold(), set()).update(
            lemma for w in _CYRILLIC_WORD.findall(article) for lemma in lemmas(w))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--show", type=int, default=20, help="list up to N unconfirmed entries")
    ap.add_argument("--dict", type=Path, default=DICT, help="dictd files without their suffix")
    a = ap.parse_args(argv)
    if not a.dict.with_suffix(".index").is_file():
        sys.exit(f"No FreeDict dictionary at {a.dict}.index: install dict-freedict-eng-rus (apt-get) or pass --dict.")
    fd = read_freedict(a.dict)
    entries = load_lexicon(ROOT / "corpus" / "lexicon.toml")
    checked, confirmed, unconfirmed = 0, 0, []
    for e in entries:
        heads = [f for f in e.forms.get("en", ()) if f.casefold() in fd]
        if not heads:
            continue
        checked += 1
        ru = {lemma for f in e.forms.get("ru", ()) for w in f.casefold().split() for lemma in lemmas(w)}
        if any(fd[h.casefold()] & ru for h in heads):
            confirmed += 1
        else:
            unconfirmed.append(f"{'/'.join(heads)} = {', '.join(e.forms.get('ru', ()))}")
    print(f"FreeDict eng-rus: {len(fd)} headwords; lexicon: {len(entries)} entries, {checked} with an English "
          f"form FreeDict has; confirmed {confirmed}/{checked} ({confirmed / max(checked, 1):.2f})")
    for line in unconfirmed[: a.show]:
        print("  not in FreeDict's senses:", line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
