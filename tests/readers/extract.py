"""Text as the three readers people use give it back: poppler, PDFium (Chrome), pdf.js (Firefox).

The score is the project's measure of success: for every source string, the share of it found
in order near its best match in the extracted text, after NFC and removing whitespace and
invisible direction marks (which readers add or keep, and which nobody sees).
"""

from __future__ import annotations

import difflib
import os
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pypdfium2 as pdfium

HERE = Path(__file__).parent
_INVISIBLE = re.compile(r"[\s\u00ad\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]+")


def squash(text: str) -> str:
    """``text`` in NFC without whitespace and invisible marks."""
    return _INVISIBLE.sub("", unicodedata.normalize("NFC", text))


def poppler(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout


def pdfium_text(pdf: Path) -> str:
    document = pdfium.PdfDocument(pdf)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def pdfjs(pdf: Path) -> str:
    return subprocess.run(["node", str(HERE / "pdfjs_text.mjs"), str(pdf.resolve())],
                          capture_output=True,
                          text=True, check=True, cwd=HERE).stdout


def pdfjs_missing() -> str | None:
    """Why pdf.js cannot run here, or None (install: npm install in tests/readers)."""
    if shutil.which("node") is None:
        return "node is not installed"
    if not (HERE / "node_modules" / "pdfjs-dist").is_dir():
        return "pdfjs-dist is not installed (run npm install in tests/readers)"
    return None


def must_run() -> bool:
    """On CI every reader must run; elsewhere a missing one is skipped."""
    return os.environ.get("CI", "") not in ("", "0", "false")


def score(text: str, sources: list[str]) -> float:
    """Mean share of each source string found, in order, where it best matches ``text``."""
    text = squash(text)
    shares = []
    for source in (squash(s) for s in sources):
        if source in text:
            shares.append(1.0)
            continue
        anchor = difflib.SequenceMatcher(None, source, text, autojunk=False).find_longest_match(
            0, len(source), 0, len(text))
        low = max(0, anchor.b - anchor.a - len(source))
        high = min(len(text), anchor.b + (len(source) - anchor.a) + len(source))
        window = difflib.SequenceMatcher(None, source, text[low:high], autojunk=False)
        shares.append(sum(b.size for b in window.get_matching_blocks()) / len(source))
    return sum(shares) / len(shares) if shares else 0.0


def wrong_characters(text: str) -> set[str]:
    """Private-use and presentation-form characters: never real text."""
    return {c for c in text if 0xE000 <= ord(c) <= 0xF8FF or ord(c) >= 0xF0000
            or 0xFB50 <= ord(c) <= 0xFDFF or (0xFE70 <= ord(c) <= 0xFEFF and c != "\ufeff")}


def spaces_inside_words(text: str, sources: list[str]) -> list[str]:
    """Where ``text`` has a space between two characters of one word of ``sources``.

    The score ignores whitespace, but a search does not: a phrase read with a space inside
    is not found. Only the source strings found whole (the score's other half) are looked
    at, and a line's end is not a space: a line may end inside a phrase (Myanmar script).
    Each place is given as the characters around it, the space marked with ``␣``.
    """
    return [f"{left}␣{right}" for left, right, wanted, read in _gaps(text, sources)
            if read == " " and not wanted]


def spaces_left_out(text: str, sources: list[str]) -> list[str]:
    """Where ``text`` joins two words that a space parts in ``sources`` (with nothing
    between them, not even a line's end), among the source strings found whole; each
    place as the characters around it, marked with ``|``."""
    return [f"{left}|{right}" for left, right, wanted, read in _gaps(text, sources)
            if wanted == " " and not read]


def _gaps(text: str, sources: list[str]) -> list[tuple[str, str, str, str]]:
    """Between each two characters of each source string found whole in ``text``: the four
    characters before and after, and what stands between them in the source and in
    ``text`` (see :func:`_characters_and_gaps`)."""
    kept, before = _characters_and_gaps(text)
    found = []
    for source in sources:
        wanted, gaps = _characters_and_gaps(source)
        start = kept.find(wanted)
        if start < 0 or not wanted:
            continue
        found += [(wanted[max(0, i - 4):i], wanted[i:i + 4], gaps[i], before[start + i])
                  for i in range(1, len(wanted))]
    return found


def _characters_and_gaps(text: str) -> tuple[str, list[str]]:
    """``text`` (NFC) without whitespace and invisible marks, and for each character left
    what stood before it: "" (nothing), " " (a space) or "\\n" (a line's end)."""
    characters: list[str] = []
    gaps: list[str] = []
    gap = ""
    for char in unicodedata.normalize("NFC", text):
        if char in "\n\r":
            gap = "\n"
        elif _INVISIBLE.fullmatch(char):
            gap = gap or (" " if char.isspace() else "")
        else:
            characters.append(char)
            gaps.append(gap)
            gap = ""
    return "".join(characters), gaps
