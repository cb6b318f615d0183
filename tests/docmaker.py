"""Real documents for the ingest tests and the PDF benchmark: PDFs (fpdf2 with DejaVu), an
image-only PDF of rendered pages, DOCX (python-docx, footnotes added as Word stores them) and
a saved web page. Each maker lays the text out line by line, so the truth is known exactly.
"""

from __future__ import annotations

import io
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT = FONT_DIR / "DejaVuSerif.ttf"

AZ = [
    "Azərbaycan Respublikası İslam Əməkdaşlıq Təşkilatına 1991-ci ildə üzv olmuşdur. Təşkilatın "
    "qətnamələrində Ermənistanın işğalçılıq siyasəti pislənmiş, ərazi bütövlüyümüz dəstəklənmişdir.",
    "Xocalı soyqırımı ilə bağlı qəbul edilmiş qətnamə mülki əhaliyə qarşı törədilmiş cinayətləri "
    "göstərir. Şuşa şəhərinin azad edilməsi bütün müsəlman dünyasında sevinclə qarşılanmışdır.",
    "Qarabağ münaqişəsinin həlli istiqamətində göstərilən səylər beynəlxalq hüquq normalarına "
    "əsaslanır. Çağırışlar, görüşlər və danışıqlar üçün ölkəmiz öz təşəbbüslərini irəli sürmüşdür.",
    "Bakı sammitində iştirak edən nümayəndə heyətləri humanitar yardımın artırılmasını müzakirə etdilər. "
    "Görüşün yekununda birgə bəyanat imzalandı və növbəti toplantının tarixi müəyyənləşdirildi.",
]
RU = [
    "Организация Исламского сотрудничества объединяет пятьдесят семь государств. Азербайджан "
    "стал её членом в тысяча девятьсот девяносто первом году и активно участвует в работе.",
    "Резолюция о солидарности с жертвами Ходжалинской трагедии была принята министрами "
    "иностранных дел. Ещё ранее Организация осудила оккупацию азербайджанских территорий.",
    "Сотрудничество в области культуры и образования развивается стремительно. Подъём "
    "гуманитарных связей объясняется общими ценностями и взаимным уважением народов.",
    "Делегации, прибывшие на саммит в Баку, обсудили увеличение гуманитарной помощи. По итогам "
    "встречи было подписано совместное заявление и определена дата следующего совещания.",
]
EN = [
    "The Organisation of Islamic Cooperation ﬁrst condemned the occupation of Azerbaijani lands "
    "in resolutions adopted at the Casablanca summit, and its ministers reafﬁrmed that position.",
    "The ﬂow of humanitarian assistance to displaced persons continued throughout the conﬂict. "
    "Member states supported reconstruction programmes in the liberated territories.",
    "Cooperation in science, education and culture developed rapidly after independence. "
    "Scholarships, exchanges and joint conferences strengthened the relationship considerably.",
    "Delegations attending the Baku summit discussed increasing humanitarian aid. At the end of the "
    "meeting a joint statement was signed and the date of the next gathering was agreed.",
]
TEXTS = {"az": AZ, "ru": RU, "en": EN}
HEADERS = {"az": "Tarix və onun problemləri, 2022, № 3", "ru": "Вопросы истории, 2021, № 4",
           "en": "Journal of Caucasus Studies, 2020, No. 2"}
FOOTNOTES = {"az": "¹ Mənbə: İƏT-in rəsmi sənədləri.", "ru": "¹ Источник: официальные документы ОИС.",
             "en": "¹ Source: ofﬁcial OIC documents."}


@dataclass
class Layout:
    """How a test PDF is set: columns, furniture and where the page labels start."""

    columns: int = 1
    width: int = 62              # characters per line in a one-column page (split across columns)
    header: str | None = None
    footnote: str | None = None
    first_number: int = 216      # printed number (and label) of the first page
    labels: bool = True          # PDF page labels from first_number
    print_numbers: bool = True   # the page number printed in the footer
    number_in_header: bool = False   # ... or at the end of the running header instead
    font_size: float = 10.5
    info: dict[str, str] = field(default_factory=dict)


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most *width* characters, long words broken with a hyphen at the line end."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        room = width - len(line) - (1 if line else 0)
        if len(word) <= room:
            line = f"{line} {word}" if line else word
            continue
        cut = room - 1
        if cut >= 3 and len(word) - cut >= 3 and word[:cut].isalpha():
            lines.append(f"{line} {word[:cut]}-" if line else f"{word[:cut]}-")
            line = word[cut:]
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


def page_lines(paragraphs: list[str], layout: Layout) -> list[list[str]]:
    """The body lines of a page, per column, with an empty line between paragraphs."""
    width = layout.width // layout.columns - (2 if layout.columns > 1 else 0)
    lines: list[str] = []
    for p in paragraphs:
        lines.extend(wrap(p, width))
        lines.append("")
    lines.pop()
    if layout.columns == 1:
        return [lines]
    half = (len(lines) + 1) // 2
    return [lines[:half], lines[half:]]


def make_pdf(path: Path, pages: list[list[str]], layout: Layout) -> list[str]:
    """Write a PDF of *pages* (paragraphs per page); return each page's text in reading order."""
    from fpdf import FPDF

    pdf = FPDF(format="A4", unit="mm")
    pdf.set_auto_page_break(False)
    pdf.add_font("serif", "", str(FONT))
    pdf.set_font("serif", size=layout.font_size)
    for key, value in layout.info.items():
        getattr(pdf, f"set_{key}")(value)
    truth = []
    line_h = layout.font_size * 0.45
    for n, paragraphs in enumerate(pages):
        pdf.add_page()
        if n == 0 and layout.labels:
            pdf.set_page_label(label_style="D", label_start=layout.first_number)
        number = str(layout.first_number + n)
        columns = page_lines(paragraphs, layout)
        col_w = 170 / layout.columns
        # Row by row across the columns, as typesetters often write them: the content stream's
        # order is then not the reading order, and the header comes after the body.
        for i in range(max(len(c) for c in columns)):
            for c, lines in enumerate(columns):
                if i < len(lines) and lines[i]:
                    pdf.text(20 + c * col_w, 28 + i * line_h, lines[i])
        parts = [f"{layout.header}   {number}" if layout.number_in_header else layout.header] if layout.header else []
        parts.extend("\n".join(lines) for lines in columns)
        if layout.header:
            pdf.set_font_size(8)
            pdf.text(20, 14, f"{layout.header}   {number}" if layout.number_in_header else layout.header)
            pdf.set_font_size(layout.font_size)
        if layout.footnote:
            pdf.set_font_size(8)
            pdf.text(20, 268, layout.footnote)
            parts.append(layout.footnote)
            pdf.set_font_size(layout.font_size)
        if layout.print_numbers and not layout.number_in_header:
            pdf.text(103, 282, number)
            parts.append(number)
        truth.append("\n".join(parts))
    pdf.output(str(path))
    return truth


def sample_pages(lang: str, n: int = 3) -> list[list[str]]:
    """*n* pages of sample paragraphs in *lang*, each page a rotation of the paragraphs."""
    ps = TEXTS[lang][:3]
    return [[ps[(i + k) % len(ps)] for k in range(len(ps))] for i in range(n)]


def article_pages(lang: str) -> list[list[str]]:
    """Three pages of distinct paragraphs; the second paragraph runs from page 1 onto page 2,
    broken mid-sentence (page 2 starts in lower case)."""
    p0, p1, p2, p3 = TEXTS[lang]
    words = p1.split()
    cut = next(i for i in range(len(words) // 2, len(words)) if words[i][0].islower())
    return [[p0, " ".join(words[:cut])], [" ".join(words[cut:]), p2], [p3]]


def make_scanned_pdf(path: Path, text_pdf: Path, dpi: int = 300) -> None:
    """An image-only PDF: the pages of *text_pdf* rendered by pdftoppm, wrapped by Pillow."""
    from PIL import Image

    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(text_pdf), f"{tmp}/page"], check=True)
        images = [Image.open(p).convert("L") for p in sorted(Path(tmp).glob("page*.png"))]
        images[0].save(path, "PDF", resolution=dpi, save_all=True, append_images=images[1:])


def make_docx(path: Path, title: str, paragraphs: list[str], *, heading: str | None = None,
              footnote: str | None = None, core: dict[str, str] | None = None) -> None:
    """A DOCX with a title, an optional heading and paragraphs; a footnote goes where Word puts
    it (``word/footnotes.xml``, referenced from the first paragraph), which python-docx cannot write."""
    import docx

    d = docx.Document()
    d.add_heading(title, level=1)
    for i, p in enumerate(paragraphs):
        if heading and i == 1:
            d.add_heading(heading, level=2)
        d.add_paragraph(p)
    for key, value in (core or {}).items():
        setattr(d.core_properties, key, value)
    buf = io.BytesIO()
    d.save(buf)
    data = buf.getvalue()
    if footnote:
        data = _with_footnote(data, footnote)
    path.write_bytes(data)


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_FOOTNOTES_XML = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes xmlns:w="{_W}">'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p>'
    '</w:footnote><w:footnote w:id="1"><w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'
    "</w:footnote></w:footnotes>"
)


def _with_footnote(data: bytes, text: str) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename == "[Content_Types].xml":
                body = body.replace(b"</Types>", b'<Override PartName="/word/footnotes.xml" ContentType='
                                    b'"application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes'
                                    b'+xml"/></Types>')
            elif item.filename == "word/_rels/document.xml.rels":
                body = body.replace(b"</Relationships>", b'<Relationship Id="rIdFn1" Type="http://schemas.'
                                    b'openxmlformats.org/officeDocument/2006/relationships/footnotes" '
                                    b'Target="footnotes.xml"/></Relationships>')
            elif item.filename == "word/document.xml":
                ref = b'<w:r><w:footnoteReference w:id="1"/></w:r></w:p>'
                body = body.replace(b"</w:p>", ref, 2).replace(ref, b"</w:p>", 1)
            dst.writestr(item, body)
        dst.writestr("word/footnotes.xml", _FOOTNOTES_XML.replace("{text}", text))
    return out.getvalue()


def make_html(path: Path, title: str, paragraphs: list[str], *, lang: str, meta: dict[str, list[str]]) -> None:
    """A saved article page: meta tags, navigation, a sidebar and a footer around the article."""
    from html import escape

    tags = "\n".join(f'<meta name="{escape(k)}" content="{escape(v)}">' for k, vs in meta.items() for v in vs)
    body = "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    path.write_text(f"""<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{escape(title)} | News site</title>
{tags}
</head><body>
<header><nav><a href="/">Home</a> <a href="/politics">Politics</a> <a href="/sport">Sport</a>
<a href="/subscribe">Subscribe to our newsletter</a></nav></header>
<main><article><h1>{escape(title)}</h1>
{body}
</article></main>
<aside><h2>Most read</h2><ul><li><a href="/a">Celebrity weddings of the year</a></li>
<li><a href="/b">Ten recipes for the weekend</a></li></ul></aside>
<footer><p>© 2024 News site. All rights reserved. Cookie policy. Contact us.</p></footer>
</body></html>
""", encoding="utf-8")


def main(argv: list[str]) -> None:
    """``python -m tests.docmaker article.pdf az``: a three-page sample article to try ``sanad add`` on."""
    path, lang = Path(argv[0]), (argv[1] if len(argv) > 1 else "az")
    make_pdf(path, article_pages(lang), Layout(columns=2, header=HEADERS[lang], info={"title": SAMPLE_TITLES[lang]}))


SAMPLE_TITLES = {"az": "İƏT və Azərbaycan: qətnamələr və yardım", "ru": "ОИС и Азербайджан: резолюции и помощь",
                 "en": "The OIC and Azerbaijan: resolutions and aid"}

if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
