"""What an extractor returns: the text, where each page starts in it, and the metadata found."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Page:
    """One physical page of a paged source, as it sits in the extracted text.

    ``label`` is the PDF's page label ('' when the file has none); ``printed`` the page number
    printed in its header or footer ('' when none was recognised).
    """

    start: int          # offset of the page's first character in the extracted text
    physical: int       # 1-based position in the file
    label: str = ""
    printed: str = ""
    ocr: bool = False


@dataclass(frozen=True)
class Found:
    """A metadata value and where it came from (shown by ``sanad add``)."""

    value: str | list[str]
    source: str


@dataclass
class Extracted:
    """A document's text as the segmenter reads it, its pages (empty when unpaged) and metadata."""

    format: str                                   # pdf | docx | html | text
    text: str
    pages: list[Page] = field(default_factory=list)
    meta: dict[str, Found] = field(default_factory=dict)

    @property
    def ocr(self) -> bool:
        return any(p.ocr for p in self.pages)
