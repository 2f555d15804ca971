"""The DOCX files in a real word processor: LibreOffice converts them to PDF with no
Noto font installed (fontconfig sees one Latin font that is not Noto), so every Noto
glyph must come from the fonts embedded in the DOCX. The PDFs are then read back.

One ``soffice`` call converts one document per script and direction (it takes
seconds per file). Skipped, with the reason, when LibreOffice or poppler is absent;
CI installs both (``.ci/run``).
"""

from __future__ import annotations

import difflib
import html
import os
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pypdfium2 as pdfium
import pytest

import safehaven_docs as sh
from safehaven_docs.branding import DEFAULT_BRANDING
from safehaven_docs.documents import Options, structure_of
from safehaven_docs.layout.structure import Role
from safehaven_docs.text import icu
from safehaven_docs.text.scripts import script_info

#: One document per script and direction: Latin, Arabic, Burmese, S'gaw Karen, Hanifi.
CASES = (("letter", "en"), ("letter", "ar"), ("letter", "my"), ("letter", "ksw"),
         ("letter", "rhg"), ("digest", "rhg"))
#: A Latin font that is not Noto, for LibreOffice's user interface (without any font
#: it writes no PDF at all). The first that exists is used.
LATIN_FONTS = ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
               "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
               "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf")
#: Scripts whose lines PDF readers return in visual order, not reading order, from any
#: engine's PDF (measured with Typst, Chromium, WeasyPrint, fpdf2 and LibreOffice):
#: for these the words are put back in order by their positions, and a lower bar holds.
VISUAL_ORDER_SCRIPTS = {"Rohg": 0.9}
SIMILARITY = 0.98
_LABEL = re.compile(r"^\s*(?:[0-9]+|[a-z])\.\s+|\s+\.(?:[0-9]+|[a-z])\s*$")
_MIRROR = str.maketrans("»)]}›", "«([{‹")
#: Words whose bottom is this close to the page's bottom edge are footer text (repeated per
#: page, so not compared); every body ends above it (margins of 0.66 in and more).
FOOTER = 46.0


def _latin_font() -> str | None:
    return next((path for path in LATIN_FONTS if Path(path).exists()), None)


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """Each case's DOCX converted to PDF by LibreOffice, with no Noto installed."""
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed; CI installs "
                    "libreoffice-writer-nogui")
    if shutil.which("pdftotext") is None or shutil.which("pdffonts") is None:
        pytest.skip("poppler-utils (pdftotext, pdffonts) is not installed")
    latin = _latin_font()
    if latin is None:
        pytest.skip(f"no Latin font for LibreOffice's interface (looked for {LATIN_FONTS})")
    root = tmp_path_factory.mktemp("libreoffice")
    fonts = root / "fonts"
    fonts.mkdir()
    shutil.copy(latin, fonts)
    config = root / "fonts.conf"
    config.write_text(f'<?xml version="1.0"?><fontconfig><dir>{fonts}</dir>'
                      f"<cachedir>{root / 'cache'}</cachedir></fontconfig>", encoding="utf-8")
    return _convert_cases(soffice, root, "pdf", "pdf", {"FONTCONFIG_FILE": str(config)})


def _convert_cases(soffice: str, root: Path, target: str, suffix: str,
                   env: dict[str, str]) -> dict[tuple[str, str], Path]:
    """Every case rendered as DOCX into ``root`` and converted by LibreOffice to ``target``
    (its ``--convert-to`` filter), with its own profile and ``HOME`` in ``root``."""
    sources = []
    for doc, tag in CASES:
        path = root / f"{doc}-{tag}.docx"
        path.write_bytes(sh.render(doc, tag, fmt="docx", site=_site(doc)))
        sources.append(str(path))
    out = root / suffix
    subprocess.run([soffice, f"-env:UserInstallation=file://{root / 'profile'}", "--headless",
                    "--convert-to", target, "--outdir", str(out), *sources],
                   env={**os.environ, **env, "HOME": str(root)}, capture_output=True,
                   timeout=300, check=False)
    made = {case: out / f"{case[0]}-{case[1]}.{suffix}" for case in CASES}
    missing = [path.name for path in made.values() if not path.exists()]
    assert not missing, f"LibreOffice wrote no {suffix} file for {missing}"
    return made


def _site(doc: str) -> str | None:
    return "Hamilton High School" if doc == "digest" else None


def _flat(text: str) -> str:
    text = re.sub("[\u2066-\u2069\u200c\u200d\u00ad\u0640.]", "", text)
    return "".join(unicodedata.normalize("NFKC", text).translate(_MIRROR).split())


def _source(doc: str, tag: str) -> str:
    """The text of the document's body (footers repeat per page: left out)."""
    texts = sh.load_texts()
    structure = structure_of(doc, tag, texts, DEFAULT_BRANDING, Options(site=_site(doc)))
    footers = {id(p) for section in structure.sections for p in section.footer}
    return _flat("".join(p.text for p in structure.paragraphs()
                         if id(p) not in footers and p.role is not Role.PAGE_NUMBER))


def similarity(a: str, b: str) -> float:
    """Like difflib's ratio, but a block a reader put elsewhere still counts as found."""
    blocks = difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()
    matched = sum(block.size for block in blocks)
    rest_a, rest_b, ia, ib = [], [], 0, 0
    for block in blocks:
        rest_a.append(a[ia:block.a])
        rest_b.append(b[ib:block.b])
        ia, ib = block.a + block.size, block.b + block.size
    second = difflib.SequenceMatcher(None, "\0".join(rest_a), "\1".join(rest_b), autojunk=False)
    matched += sum(block.size for block in second.get_matching_blocks())
    return 2 * matched / max(1, len(a) + len(b))


def _pdfium_text(path: Path) -> str:
    lines = []
    for page in pdfium.PdfDocument(path):
        width, height = page.get_size()
        lines += page.get_textpage().get_text_bounded(0, FOOTER, width, height).splitlines()
    return "".join(_LABEL.sub("", line) for line in lines)


def _words(path: Path) -> list[list[tuple[float, float, float, str]]]:
    """Per page, poppler's words above the footer: xMin, xMax, yMax, text."""
    raw = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True,
                         check=True).stdout.decode("utf-8", "replace")
    pages = []
    for page in raw.split("<page ")[1:]:
        bottom = float(re.search(r'height="([\d.]+)"', page)[1]) - FOOTER
        words = [(float(x0), float(x1), float(y1), html.unescape(text)) for x0, x1, y1, text
                 in re.findall(r'xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" '
                               r'yMax="([\d.]+)">([^<]*)</word>', page)]
        pages.append([w for w in words if w[2] < bottom])
    return pages


def _lines(words: list[tuple[float, float, float, str]]) -> list[list[tuple[float, float, float,
                                                                          str]]]:
    lines: dict[int, list[tuple[float, float, float, str]]] = {}
    for word in words:
        lines.setdefault(round(word[2] / 3), []).append(word)
    return [lines[key] for key in sorted(lines)]


def _geometric_text(path: Path, rtl: bool) -> str:
    """Words put in reading order by position; right-to-left words' clusters reversed."""
    out = []
    for page in _words(path):
        for line in _lines(page):
            ordered = sorted(line, key=lambda w: w[0], reverse=rtl)
            out.append(_LABEL.sub("", " ".join(_reading(w[3]) for w in ordered)))
    return "".join(out)


def _reading(word: str) -> str:
    if not any(icu.is_rtl_script(icu.script_of(c)) for c in word):
        return word
    clusters: list[str] = []
    for char in word:
        if clusters and unicodedata.category(char).startswith("M"):
            clusters[-1] += char
        else:
            clusters.append(char)
    return "".join(reversed(clusters))


@pytest.mark.parametrize(("doc", "tag"), CASES)
def test_libreoffice_shows_the_source_text(converted: dict[tuple[str, str], Path], doc: str,
                                           tag: str) -> None:
    meta = sh.load_texts()[tag].meta
    source = _source(doc, tag)
    rtl = meta.direction.value == "rtl"
    score = max(similarity(source, _flat(_pdfium_text(converted[doc, tag]))),
                similarity(source, _flat(_geometric_text(converted[doc, tag], rtl))))
    assert score >= VISUAL_ORDER_SCRIPTS.get(meta.script, SIMILARITY), score


@pytest.mark.parametrize(("doc", "tag"), CASES)
def test_only_the_embedded_noto_fonts_are_used(converted: dict[tuple[str, str], Path],
                                               doc: str, tag: str) -> None:
    listing = subprocess.run(["pdffonts", str(converted[doc, tag])], capture_output=True,
                             text=True, check=True).stdout.splitlines()[2:]
    names = {line.split()[0].split("+")[-1] for line in listing}
    assert names and all(name.startswith("Noto") for name in names), names  # no substitute
    script = sh.load_texts()[tag].meta.script
    wanted = script_info(script).families[0].replace(" ", "")
    assert any(name.startswith(wanted) for name in names), (wanted, names)


@pytest.mark.parametrize("tag", [tag for doc, tag in CASES if doc == "letter"])
def test_lines_start_on_the_reading_side(converted: dict[tuple[str, str], Path],
                                         tag: str) -> None:
    """Short lines (a paragraph's last, the date, list items) lie on the start side."""
    rtl = sh.load_texts()[tag].meta.direction.value == "rtl"
    margin, width = 0.9 * 72, 612.0
    short = at_start = 0
    for line in _lines(_words(converted["letter", tag])[0]):
        left, right = min(w[0] for w in line), max(w[1] for w in line)
        if right - left > 0.8 * (width - 2 * margin) or len("".join(w[3] for w in line)) < 3:
            continue  # full lines touch both sides; a lone vowel mark is not a line
        short += 1
        to_left, to_right = left - margin, width - margin - right
        at_start += (to_right < to_left) if rtl else (to_left < to_right)
        assert min(to_left, to_right) > -3, line  # nothing in the margins, list numbers too
    assert short >= 5
    assert at_start / short >= 0.9, (at_start, short)


@pytest.fixture(scope="module")
def as_text(converted: dict[tuple[str, str], Path],
            tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """Each case's DOCX as LibreOffice's own plain-text export (its reading of the file).

    PDF readers give Hanifi lines from LibreOffice's PDF in visual order (see
    VISUAL_ORDER_SCRIPTS); the text export shows whether LibreOffice itself reads
    the DOCX's words in reading order, in every script.
    """
    soffice = shutil.which("soffice")
    assert soffice is not None  # ``converted`` skips without it
    return _convert_cases(soffice, tmp_path_factory.mktemp("libreoffice-text"),
                          "txt:Text (encoded):UTF8", "txt", {})


@pytest.mark.parametrize(("doc", "tag"), CASES)
def test_libreoffice_reads_the_text_in_reading_order(as_text: dict[tuple[str, str], Path],
                                                     doc: str, tag: str) -> None:
    text = as_text[doc, tag].read_text(encoding="utf-8-sig")
    assert similarity(_source(doc, tag), _flat(text)) >= SIMILARITY
