"""OCR on this machine: Tesseract (through pytesseract, as index/ingest/ocr.py calls it) on a
page rendered at 300 dpi, for Azerbaijani, Russian and English; characters wrong per 1,000 and
seconds per page (median of --runs), with the main language first or last, and with
Tesseract's OpenMP threads limited to one or left at their default.

    .venv/bin/python bench/ocr_pages.py --runs 3
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.pdf_extractors import errors_per_1000  # noqa: E402
from index.ingest.ocr import DPI, languages  # noqa: E402
from tests.docmaker import HEADERS, Layout, article_pages, make_pdf  # noqa: E402

CONFIGS = [("main language first, 1 thread", True, "1"), ("main language last, 1 thread", False, "1"),
           ("main language first, default threads", True, None)]


def run(image, lang: str, main_first: bool, threads: str | None) -> tuple[str, float]:
    import pytesseract

    order = languages(lang) if main_first else "+".join(reversed(languages(lang).split("+")))
    env_before = os.environ.pop("OMP_THREAD_LIMIT", None)
    if threads:
        os.environ["OMP_THREAD_LIMIT"] = threads
    try:
        t0 = time.perf_counter()
        text = pytesseract.image_to_string(image, lang=order, config=f"--dpi {DPI}")
        return text, time.perf_counter() - t0
    finally:
        os.environ.pop("OMP_THREAD_LIMIT", None)
        if env_before is not None:
            os.environ["OMP_THREAD_LIMIT"] = env_before


def main() -> None:
    import pypdfium2

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    print("| language | setting | chars wrong per 1,000 | s/page (median) |")
    print("|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for lang in ("az", "ru", "en"):
            path = Path(tmp) / f"{lang}.pdf"
            truth = make_pdf(path, article_pages(lang), Layout(header=HEADERS[lang]))[:1]
            pdf = pypdfium2.PdfDocument(path)
            image = pdf[0].render(scale=DPI / 72, grayscale=True).to_pil()
            pdf.close()
            for name, main_first, threads in CONFIGS:
                results = [run(image, lang, main_first, threads) for _ in range(args.runs)]
                wrong = errors_per_1000([results[0][0]], truth)
                print(f"| {lang} | {name} | {wrong:.1f} | {statistics.median(t for _, t in results):.2f} |")
    print(f"\nOne rendered page per language ({DPI} dpi, grey), {args.runs} runs per setting; errors against "
          "the page's known text (Levenshtein, NFKC, whitespace collapsed).")


if __name__ == "__main__":
    main()
