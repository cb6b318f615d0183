"""Which PDF text extractor Sanad uses, on evidence: characters wrong per 1,000 and pages/s.

Generates PDFs with fpdf2 and DejaVu (Azerbaijani, Russian, English; one and two columns;
running header, printed page number, a footnote, end-of-line hyphenation, typed ligatures
ﬁ ﬂ) whose text is known line by line, extracts them with pypdf, pdfminer.six and pypdfium2,
and compares each page with the truth in reading order (Levenshtein distance over NFKC text,
whitespace collapsed). Speed is the median of --runs timed extractions of each file.

    .venv/bin/python bench/pdf_extractors.py --pages 8 --runs 5
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from rapidfuzz.distance import Levenshtein  # noqa: E402

from tests.docmaker import FOOTNOTES, HEADERS, Layout, make_pdf, sample_pages  # noqa: E402

Extractor = Callable[[Path], list[str]]


def pypdf_pages(path: Path) -> list[str]:
    from pypdf import PdfReader

    return [p.extract_text() for p in PdfReader(path).pages]


def pdfminer_pages(path: Path) -> list[str]:
    from pdfminer.high_level import extract_text
    from pdfminer.layout import LAParams

    return extract_text(path, laparams=LAParams(line_margin=1.0)).split("\f")[:-1]


def pypdfium2_pages(path: Path) -> list[str]:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(path)
    try:
        return [page.get_textpage().get_text_range() for page in pdf]
    finally:
        pdf.close()


EXTRACTORS: dict[str, Extractor] = {"pypdf": pypdf_pages, "pdfminer.six": pdfminer_pages,
                                    "pypdfium2": pypdfium2_pages}


def normal(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


def errors_per_1000(got: list[str], truth: list[str]) -> float:
    wrong = sum(Levenshtein.distance(normal(g), normal(t)) for g, t in zip(got, truth, strict=False))
    wrong += sum(len(normal(t)) for t in truth[len(got):])
    return 1000 * wrong / sum(len(normal(t)) for t in truth)


def samples(folder: Path, pages: int) -> dict[str, tuple[Path, list[str]]]:
    """One PDF per language and column count, with every kind of page furniture."""
    out = {}
    for lang in ("az", "ru", "en"):
        for columns in (1, 2):
            path = folder / f"{lang}-{columns}col.pdf"
            layout = Layout(columns=columns, header=HEADERS[lang], footnote=FOOTNOTES[lang])
            out[path.stem] = (path, make_pdf(path, sample_pages(lang, pages), layout))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pages", type=int, default=8, help="pages per sample PDF")
    ap.add_argument("--runs", type=int, default=5, help="timed runs per file (the median is kept)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        files = samples(Path(tmp), args.pages)
        print("| extractor | " + " | ".join(files) + " | pages/s (median) |")
        print("|---" * (len(files) + 2) + "|")
        for name, extract in EXTRACTORS.items():
            cells, rates = [], []
            for path, truth in files.values():
                got = extract(path)
                cells.append(f"{errors_per_1000(got, truth):.1f}")
                times = []
                for _ in range(args.runs):
                    t0 = time.perf_counter()
                    extract(path)
                    times.append(time.perf_counter() - t0)
                rates.append(len(truth) / statistics.median(times))
            print(f"| {name} | " + " | ".join(cells) + f" | {statistics.median(rates):.0f} |")
    print(f"\nCharacters wrong per 1,000 (Levenshtein, NFKC, whitespace collapsed); {args.pages} pages "
          f"per file, speed the median over files of each file's median of {args.runs} runs.")


if __name__ == "__main__":
    main()
