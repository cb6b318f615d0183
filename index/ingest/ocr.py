"""OCR of pages without a text layer: Tesseract through pytesseract, the main language first.

pdfium renders each page at 300 dpi; Tesseract reads it with ``-l aze+rus+eng`` reordered so
the document's language leads (``-l eng`` gets every Azerbaijani letter wrong). Tesseract's
OpenMP threads are limited to one: on two cores that is 0.7–0.9 s a page instead of 4–13 s.
``SANAD_TESSERACT`` names another Tesseract binary (for a non-standard install).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from .errors import INSTALL_TESSERACT, IngestError

TESSERACT_LANGS = {"az": "aze", "ru": "rus", "en": "eng"}
DPI = 300


def tesseract_cmd() -> str:
    return os.environ.get("SANAD_TESSERACT", "tesseract")


def languages(main: str | None) -> str:
    """Tesseract's ``-l`` value with *main* (az, ru, en) first."""
    order = [TESSERACT_LANGS[main]] if main in TESSERACT_LANGS else []
    return "+".join(order + [t for t in TESSERACT_LANGS.values() if t not in order])


def check_available(path: Path | str) -> None:
    """Raise IngestError naming *path* unless Tesseract with aze, rus and eng data can run."""
    import pytesseract

    cmd = tesseract_cmd()
    if shutil.which(cmd) is None:
        raise IngestError(path, f"has pages with no text layer and needs OCR, but Tesseract ({cmd}) is not "
                                f"installed; {INSTALL_TESSERACT}")
    pytesseract.pytesseract.tesseract_cmd = cmd
    missing = [t for t in TESSERACT_LANGS.values() if t not in pytesseract.get_languages(config="")]
    if missing:
        raise IngestError(path, f"needs OCR, but Tesseract has no language data for {', '.join(missing)}; "
                                f"{INSTALL_TESSERACT}")


def ocr_pages(path: Path, numbers: list[int], main: str | None) -> dict[int, str]:
    """The OCR text of the given 0-based pages of the PDF at *path*."""
    import pypdfium2
    import pytesseract

    check_available(path)
    # Inherited by the tesseract processes pytesseract starts; more threads only contend here.
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    pdf = pypdfium2.PdfDocument(path)
    try:
        out = {}
        for n in numbers:
            image = pdf[n].render(scale=DPI / 72, grayscale=True).to_pil()
            out[n] = pytesseract.image_to_string(image, lang=languages(main), config=f"--dpi {DPI}")
        return out
    finally:
        pdf.close()
