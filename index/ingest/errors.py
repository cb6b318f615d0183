"""The one error every ingest step raises: names the file and the fix (a CorpusError)."""

from __future__ import annotations

from ..errors import CorpusError

INSTALL_TESSERACT = ("install Tesseract with its language data (Debian: apt-get install tesseract-ocr "
                     "tesseract-ocr-aze tesseract-ocr-rus tesseract-ocr-eng) and add it again")


class IngestError(CorpusError):
    """A file that cannot be added or read as it is; nothing was changed."""


__all__ = ["INSTALL_TESSERACT", "IngestError"]
