"""Where readers put a searched word, against where the layout printed it (issue 9).

The layout says where each word of a line was drawn (its glyphs' advances, in PDF points);
PDFium's search gives the rectangles Chrome highlights, pdf.js the text items Firefox lays
its invisible text layer on (which its search highlights), poppler (``pdftotext -bbox``) the
words whose characters a poppler-based viewer (Evince, Okular) highlights.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pypdfium2 as pdfium

from safehaven_docs.branding import load_branding
from safehaven_docs.documents import Options, lay_out
from safehaven_docs.layout.page import Page, TextBlock
from safehaven_docs.model import TextSet
from safehaven_docs.text.boxes import Line
from safehaven_docs.writers.text_layer import Construction, choose_construction
from tests.readers.extract import HERE

#: A stretch of a page: left, right (PDF points) and the baseline it stands on.
Box = tuple[float, float, float]


class Word(NamedTuple):
    """A word as printed: its text, its page (from 0) and where its glyphs stand."""

    text: str
    page: int
    box: Box


def printed_words(doc: str, tag: str, texts: TextSet, construction: Construction,
                  size: str = "tabloid", least: int = 4) -> list[Word]:
    """The words of ``least`` characters or more in paragraphs drawn in ``construction``,
    each printed once on its page (a search finds it first), with where they stand."""
    document = lay_out(doc, tag, texts, load_branding(None), Options(size=size))
    words: list[Word] = []
    for number, page in enumerate(document.pages):
        found = list(_words(page, construction, least))
        everything = "\n".join(line.text for _, line in _lines(page))
        words += [Word(text, number, box) for text, box in found
                  if _occurrences(everything, text) == 1]
    return words


def _lines(page: Page) -> Iterator[tuple[TextBlock, Line]]:
    for block in page.blocks:
        if isinstance(block, TextBlock):
            for line in block.paragraph.lines:
                yield block, line


def _words(page: Page, construction: Construction, least: int) -> Iterator[tuple[str, Box]]:
    top = page.outset + page.height
    for block, line in _lines(page):
        if block.decorative or choose_construction(block.paragraph) is not construction:
            continue
        left = page.outset + block.x + line.x
        baseline = top - block.y - line.baseline
        start = 0
        for text in line.text.split(" "):
            first, end = line.start + start, line.start + start + len(text)
            start += len(text) + 1
            spans = [(run.x + g.x, run.x + g.x + g.advance) for run in line.runs
                     for g in run.glyphs if first <= g.cluster < end and g.advance > 0]
            if len(text) >= least and _letters(text) and spans:
                yield text, (left + min(s for s, _ in spans), left + max(e for _, e in spans),
                             baseline)


def _letters(text: str) -> bool:
    return all(unicodedata.category(char)[0] in "LM" for char in text)


def pdfium_highlight(pdf: Path, word: Word) -> list[tuple[float, float, float, float]]:
    """The rectangles (left, bottom, right, top) PDFium gives for the first occurrence of
    ``word`` on its page, as Chrome highlights a search result; empty when it is not there.

    Chrome finds the word in the page's text itself (with ICU: PDFium's own search finds
    no character beyond U+FFFF) and asks PDFium for the rectangles of those characters,
    which PDFium counts in UTF-16 units.
    """
    document = pdfium.PdfDocument(pdf)
    try:
        page = document[word.page].get_textpage()
        text = page.get_text_range(0, page.count_chars())
        at = find_word(text, word.text)
        if at < 0:
            return []
        index, count = _utf16(text[:at]), _utf16(word.text)
        return [page.get_rect(n) for n in range(page.count_rects(index, count))]
    finally:
        document.close()


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def find_word(text: str, word: str) -> int:
    """Where ``word`` first stands in ``text`` as a whole word (no letter or mark on either
    side), or -1."""
    return next(_whole(text, word), -1)


def _occurrences(text: str, word: str) -> int:
    return sum(1 for _ in _whole(text, word))


def _whole(text: str, word: str) -> Iterator[int]:
    at = text.find(word)
    while at >= 0:
        before = text[at - 1] if at else " "
        after = text[at + len(word)] if at + len(word) < len(text) else " "
        if not _letters(before) and not _letters(after):
            yield at
        at = text.find(word, at + 1)


def pdfjs_items(pdf: Path, page: int) -> list[tuple[str, float, float, float]]:
    """pdf.js's text items of ``page`` (from 0): text, x, baseline y, width."""
    out = subprocess.run(["node", str(HERE / "pdfjs_items.mjs"), str(pdf.resolve()),
                          str(page + 1)], capture_output=True, text=True, check=True, cwd=HERE)
    return [tuple(item) for item in json.loads(out.stdout)]


def pdfjs_highlight(items: list[tuple[str, float, float, float]], word: str
                    ) -> list[tuple[float, float, float]]:
    """The items (x, baseline, width) that hold the first occurrence of ``word`` in the
    page's text as pdf.js reads it (items in order); empty when it is not there."""
    text, owners = "", []
    for number, (piece, *_) in enumerate(items):
        text += piece
        owners += [number] * len(piece)
    at = find_word(text, word)
    if at < 0:
        return []
    return [(items[n][1], items[n][2], items[n][3])
            for n in sorted(set(owners[at:at + len(word)]))]


def covered(printed: Box, spans: list[tuple[float, float]]) -> tuple[float, float]:
    """How much of the printed word the union of ``spans`` covers, and how much of that
    union lies on the word (1.0, 1.0: exactly on it)."""
    left, right = min(s for s, _ in spans), max(e for _, e in spans)
    inside = max(0.0, min(right, printed[1]) - max(left, printed[0]))
    return inside / (printed[1] - printed[0]), inside / max(right - left, 1e-6)


#: One word as poppler gives it: its text (in poppler's order, left to right) and its box
#: (left, bottom, right, top; PDF points, y up).
PopplerWord = tuple[str, float, float, float, float]
_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">')
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                   r"(.*?)</word>")
#: Invisible marks poppler keeps inside words (the copy's RLMs): a search does not see them
#: at a word's edge.
_MARKS = dict.fromkeys([0x200E, 0x200F])


def poppler_words(pdf: Path, page: int) -> list[PopplerWord]:
    """poppler's words on ``page`` (from 0), as ``pdftotext -bbox`` lists them."""
    # The page's words are UTF-8; poppler writes the title of the head as it stands.
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-bbox", "-f", str(page + 1), "-l",
                          str(page + 1), str(pdf), "-"], capture_output=True, check=True
                         ).stdout.decode("utf-8", "replace")
    found = _PAGE.search(out)
    assert found, "pdftotext -bbox gave no page"
    height = float(found.group(2))
    return [(html.unescape(text), float(x0), height - float(y1), float(x1), height - float(y0))
            for x0, y0, x1, y1, text in _WORD.findall(out)]


def poppler_highlight(words: list[PopplerWord], word: str) -> list[PopplerWord]:
    """The poppler word that is ``word`` as a search on a right-to-left page finds it.

    poppler's ``TextPage::findText`` puts the search string through the reordering it
    gives a right-to-left line (``reorderText``), which reverses a run of characters that
    are neither left-to-right nor numbers (a Hanifi word, beyond the BMP), and looks for it
    in each line's characters sorted by position: a Hanifi word is found where its
    letters stand in visual order. Empty when no word of the page is that.
    """
    wanted = word[::-1]
    return [found for found in words if found[0].translate(_MARKS) == wanted][:1]
