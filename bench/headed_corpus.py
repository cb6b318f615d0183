"""A generated corpus with section headings: a copy of another whose texts get a heading line
before every EVERY-th paragraph (the paragraph's first HEADING_WORDS words, unpunctuated, so the
segmenter takes it for a heading of its own). The generated corpora have no headings, so their
heading fields are empty; this one measures what searching and building the heading fields cost.

    .venv/bin/python bench/headed_corpus.py SOURCE_CORPUS TARGET
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

EVERY = 8
HEADING_WORDS = 5
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def heading(paragraph: str) -> str | None:
    """The first words of *paragraph* as a heading, or None when it has too few."""
    words = _WORD.findall(paragraph)[:HEADING_WORDS]
    if len(words) < 2:
        return None
    text = " ".join(words)
    return text[0].upper() + text[1:]


def headed(text: str) -> str:
    """*text* with a heading before every EVERY-th paragraph."""
    out = []
    for i, paragraph in enumerate(text.split("\n\n")):
        head = heading(paragraph) if i % EVERY == 0 else None
        if head is not None:
            out.append(head)
        out.append(paragraph)
    return "\n\n".join(out)


def main(source: Path, target: Path) -> None:
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("texts"))
    (target / "texts").mkdir()
    for f in sorted((source / "texts").iterdir()):
        (target / "texts" / f.name).write_text(headed(f.read_text(encoding="utf-8")), encoding="utf-8")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(Path(sys.argv[1]), Path(sys.argv[2]))
