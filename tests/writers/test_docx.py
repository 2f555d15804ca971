"""DOCX output read back with python-docx: styles, lists, direction, fonts, languages,
embedded fonts, properties and determinism, for every language."""

from __future__ import annotations

import hashlib
import io
import re
import tomllib
import unicodedata
import zipfile
from pathlib import Path

import pytest
from docx.oxml.ns import qn
from docx.shared import Pt
from hypothesis import given, settings
from hypothesis import strategies as st

import safehaven_docs as sh
from safehaven_docs.dates import format_month_year
from safehaven_docs.layout.structure import spans
from safehaven_docs.resources import fonts_dir
from safehaven_docs.text import icu
from safehaven_docs.text.scripts import script_info
from safehaven_docs.writers.docx.fonts import font_key, key_bytes, obfuscate
from safehaven_docs.writers.docx.languages import is_complex, word_language

from .docx_reading import (
    all_paragraphs,
    deobfuscate,
    open_docx,
    rendered,
    runs_of,
    style_of,
    text_of,
)

TEXTS = sh.load_texts()
TAGS = TEXTS.tags
SITE = "Hamilton High School"
#: One language per script and direction, for the documents not checked in every language.
BY_SCRIPT = ("en", "ar", "my", "rhg")
CASES = ([("letter", tag) for tag in TAGS] + [("digest", tag) for tag in TAGS]
         + [(doc, tag) for doc in ("poster", "handout") for tag in BY_SCRIPT]
         + [("multilingual", "en")])
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _data(doc: str, tag: str) -> bytes:
    return rendered(doc, tag, SITE if doc in ("digest", "handout") else None)


def _flat(text: str) -> str:
    """Text without bidi isolates and with one kind of space, for comparisons."""
    text = re.sub("[\u2066-\u2069]", "", unicodedata.normalize("NFC", text))
    return " ".join(text.replace("\u00a0", " ").replace("\u2011", "-").split())


def _all_text(data: bytes) -> str:
    document = open_docx(data)
    return _flat(" ".join(text_of(p) for p in all_paragraphs(document)))


@pytest.mark.parametrize(("doc", "tag"), CASES)
def test_every_run_names_its_scripts_font_direction_and_language(doc: str, tag: str) -> None:
    document = open_docx(_data(doc, tag))
    for paragraph in all_paragraphs(document):
        for run in runs_of(paragraph):
            scripts = {icu.script_of(c) for c in run.text} - {icu.COMMON, icu.INHERITED}
            assert len(set(run.fonts.values())) == 1, run  # one family in every slot
            family = run.fonts["cs"]
            for script in scripts:
                assert family in script_info(script).families, (run.text, family)
            assert run.size and run.size == run.size_cs
            assert run.bold == run.bold_cs
            rtl_letters = any(icu.is_rtl_script(s) for s in scripts)
            assert run.rtl == rtl_letters or not scripts, run.text  # marks, digits: by level
            if rtl_letters or any(is_complex(s) for s in scripts):
                assert "bidi" in run.lang and (run.rtl or run.cs), run
            elif scripts:
                assert "val" in run.lang, run


@pytest.mark.parametrize(("doc", "tag"), CASES)
def test_right_to_left_paragraphs_carry_bidi_and_start_alignment(doc: str, tag: str) -> None:
    document = open_docx(_data(doc, tag))
    rtl = TEXTS[tag].meta.direction.value == "rtl"
    checked = 0
    for paragraph in all_paragraphs(document):
        if not text_of(paragraph).strip():
            continue
        ppr = paragraph.find(qn("w:pPr"))
        assert (ppr.find(qn("w:bidi")) is not None) == rtl or doc == "multilingual"
        assert ppr.find(qn("w:jc")).get(qn("w:val")) in ("start", "both", "end")
        checked += 1
    assert checked > 5
    body_section = document.sections[-1]._sectPr
    assert (body_section.find(qn("w:bidi")) is not None) == rtl


def test_english_half_of_an_arabic_handout_is_left_to_right() -> None:
    document = open_docx(sh.render("handout", "ar", fmt="docx", with_english=True))
    english = TEXTS.source.digest.summary
    (paragraph,) = [p for p in all_paragraphs(document) if _flat(text_of(p)) == _flat(english)]
    bidi = paragraph.find(qn("w:pPr")).find(qn("w:bidi"))
    assert bidi is not None and bidi.get(qn("w:val")) == "0"  # the styles are right-to-left
    assert [s.start_type for s in document.sections][1:] == [2]  # WD_SECTION.NEW_PAGE
    assert document.sections[1]._sectPr.find(qn("w:bidi")) is None


def test_multilingual_sets_each_language_in_its_own_direction() -> None:
    document = open_docx(_data("multilingual", "en"))
    by_text = {_flat(text_of(p)): p for p in all_paragraphs(document)}
    for language in TEXTS:
        paragraph = by_text[_flat(language.digest.summary)]
        rtl = language.meta.direction.value == "rtl"
        assert (paragraph.find(qn("w:pPr")).find(qn("w:bidi")) is not None) == rtl
        langs = {run.lang.get("bidi") or run.lang.get("val") for run in runs_of(paragraph)}
        assert word_language(language.tag) in langs


@pytest.mark.parametrize("tag", TAGS)
def test_letter_structure_title_lists_signatures_page(tag: str) -> None:
    document = open_docx(_data("letter", tag))
    language = TEXTS[tag]
    paragraphs = all_paragraphs(document)
    styles = {style_of(p, document) for p in paragraphs}
    assert {"Letterhead", "List Number", "Body Text"} <= styles
    if language.meta.is_draft:
        drafts = [p for p in paragraphs if style_of(p, document) == "Draft Notice"]
        assert drafts and language.labels["draft_notice"] in text_of(drafts[0])
        assert TEXTS.source.labels["draft_notice"] in text_of(drafts[0])
    else:
        assert "Draft Notice" not in styles
    items = [p for p in paragraphs if style_of(p, document) == "List Number"]
    levels = [int(p.find(qn("w:pPr")).find(qn("w:numPr")).find(qn("w:ilvl")).get(qn("w:val")))
              for p in items]
    commitments = language.resolution.commitments
    assert levels.count(0) == len(commitments)
    assert levels.count(1) == sum(len(c.items) for c in commitments)
    assert [_flat(text_of(p)) for p, level in zip(items, levels, strict=True) if level == 0] == [
        _flat(c.text) for c in commitments]
    table = document.tables[0]
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert {b.get(qn("w:val")) for b in borders} == {"nil"}
    names = [_flat(cell.paragraphs[0].text) for cell in table.rows[0].cells]
    assert names == [_flat(s.name) for s in language.letter.signatories]
    rtl = language.meta.direction.value == "rtl"
    assert (table._tbl.tblPr.find(qn("w:bidiVisual")) is not None) == rtl
    section = document.sections[0]
    assert (section.page_width, section.page_height) == (Pt(612), Pt(792))
    assert section.left_margin == section.right_margin == Pt(0.9 * 72)
    fields = [f.get(qn("w:instr")).strip() for f in document.sections[0].footer._element.iter(
        qn("w:fldSimple"))]
    assert fields == ["PAGE", "NUMPAGES"]


@pytest.mark.parametrize(("doc", "tag"), [(d, t) for d, t in CASES if d != "multilingual"])
def test_title_is_a_heading_and_lists_are_numbering_definitions(doc: str, tag: str) -> None:
    data = _data(doc, tag)
    document = open_docx(data)
    paragraphs = all_paragraphs(document)
    titles = [p for p in paragraphs if style_of(p, document) == "Heading 1"]
    if doc == "letter":  # a letter prints no title (as the PDF): its heading is the list's
        assert document.core_properties.title == TEXTS[tag].labels["letter_title"]
        assert "Heading 2" in {style_of(p, document) for p in paragraphs}
    else:
        heading = (TEXTS[tag].resolution.title if doc == "poster"
                   else TEXTS[tag].digest.headline)
        assert [_flat(text_of(p)) for p in titles][:1] == [_flat(heading)]
        assert _flat(document.core_properties.title) == _flat(heading)
    numbering = zipfile.ZipFile(io.BytesIO(data)).read("word/numbering.xml").decode()
    listed = [p for p in paragraphs if p.find(qn("w:pPr")).find(qn("w:numPr")) is not None]
    assert listed, "no list paragraphs"
    for paragraph in listed:  # numbers and bullets come from numbering, never typed
        assert not re.match(r"\s*([0-9]+[.)]|[•–-])\s", text_of(paragraph))
    assert '<w:numFmt w:val="decimal"/>' in numbering
    assert '<w:numFmt w:val="bullet"/>' in numbering


@pytest.mark.parametrize(("doc", "tag"), CASES)
def test_embedded_fonts_deobfuscate_to_the_bundled_files(doc: str, tag: str) -> None:
    data = _data(doc, tag)
    archive = zipfile.ZipFile(io.BytesIO(data))
    manifest = tomllib.loads((fonts_dir() / "manifest.toml").read_text(encoding="utf-8"))
    pinned = {entry["sha256"]: (entry["family"], entry["weight"]) for entry in manifest["font"]}
    table = archive.read("word/fontTable.xml").decode()
    rels = archive.read("word/_rels/fontTable.xml.rels").decode()
    targets = dict(re.findall(r'Id="(rId\d+)"[^>]*Target="([^"]+)"', rels)
                   + re.findall(r'Target="([^"]+)"[^>]*Id="(rId\d+)"', rels)[::-1])
    embedded: set[tuple[str, str]] = set()
    for name, body in re.findall(r'<w:font w:name="([^"]+)">(.*?)</w:font>', table):
        for kind, rel_id, key in re.findall(
                r'<w:embed(Regular|Bold) r:id="(rId\d+)" w:fontKey="(\{[0-9A-F-]{36}\})"', body):
            part = archive.read("word/" + targets[rel_id])
            font = deobfuscate(part, key)
            assert font[:4] in (b"\x00\x01\x00\x00", b"OTTO", b"true")
            assert pinned[hashlib.sha256(font).hexdigest()] == (name, kind.lower())
            embedded.add((name, kind.lower()))
    used = set()
    for paragraph in all_paragraphs(open_docx(data)):
        used |= {(run.fonts["cs"], "bold" if run.bold else "regular")
                 for run in runs_of(paragraph)}
    assert used <= embedded
    settings_xml = archive.read("word/settings.xml").decode()
    assert "<w:embedTrueTypeFonts/>" in settings_xml
    types = archive.read("[Content_Types].xml").decode()
    assert "application/vnd.openxmlformats-officedocument.obfuscatedFont" in types


@pytest.mark.parametrize(("doc", "tag"), [("letter", "ar"), ("digest", "my"), ("poster", "en")])
def test_same_input_same_bytes_and_no_names_from_the_template(doc: str, tag: str) -> None:
    data = _data(doc, tag)
    site = SITE if doc in ("digest", "handout") else None
    assert sh.render(doc, tag, fmt="docx", site=site) == data
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = archive.namelist()
    assert not any("thumbnail" in n or n.startswith("customXml") for n in names)
    assert {info.date_time for info in archive.infolist()} == {(2017, 1, 1, 0, 0, 0)}
    for name in names:
        if name.endswith((".xml", ".rels")):
            xml = archive.read(name).decode()
            for word in ("python-docx", "Macintosh", "Microsoft", "rsid", "docId"):
                assert word not in xml or name == "word/theme/theme1.xml", (name, word)
    core = open_docx(data).core_properties
    assert core.author == "" and core.last_modified_by == "" and core.comments == ""
    assert core.language == word_language(tag)
    defaults = open_docx(data).styles.element.find(qn("w:docDefaults"))
    lang = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:lang"))
    assert word_language(tag) in (lang.get(qn("w:val")), lang.get(qn("w:bidi")))


@pytest.mark.parametrize("tag", TAGS)
def test_everything_the_pdf_prints_is_in_the_docx(tag: str) -> None:
    language = TEXTS[tag]
    digest = _all_text(_data("digest", tag))
    letter = _all_text(_data("letter", tag))
    for needed in (SITE, "(414) 475-8393", "mps.milwaukee.k12.wi.us",
                   _flat(language.digest.ask.heading),
                   _flat(language.labels["scan_for_languages"])):
        assert needed in digest
    for point in language.digest.points:
        assert _flat(point.text) in digest
    assert _flat(format_month_year(language, language.letter.date)) in letter
    assert "5225 W. Vliet St., Milwaukee, WI 53208" in letter
    for text in (*language.letter.opening, *language.letter.closing_paragraphs):
        assert _flat(text) in letter
    if language.meta.is_draft:
        assert _flat(language.labels["draft_notice"]) in digest
        assert _flat(language.labels["draft_notice"]) in letter


def test_digest_has_the_qr_code_with_its_address_as_description() -> None:
    data = _data("digest", "en")
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert re.search(r'<wp:docPr [^>]*descr="https://mps.milwaukee.k12.wi.us"', xml)
    assert any(n.startswith("word/media/") for n in zipfile.ZipFile(io.BytesIO(data)).namelist())


def test_print_shop_options_are_refused_for_docx() -> None:
    for option in ("bleed", "crop_marks", "cmyk"):
        with pytest.raises(sh.RenderError, match="DOCX"):
            sh.render("poster", "en", fmt="docx", **{option: True})


def test_write_docx_is_atomic_and_refuses_to_replace(tmp_path: Path) -> None:
    target = tmp_path / "letter-so.docx"
    sh.write(target, "letter", "so", fmt="docx")
    assert target.read_bytes()[:2] == b"PK"
    with pytest.raises(sh.RenderError, match="already exists"):
        sh.write(target, "letter", "so", fmt="docx")
    assert [p.name for p in tmp_path.iterdir()] == ["letter-so.docx"]


def test_require_reviewed_refuses_draft_docx() -> None:
    with pytest.raises(sh.RenderError, match="draft"):
        sh.render("letter", "ar", fmt="docx", require_reviewed=True)


# -- the pieces ----------------------------------------------------------------------------------

def test_key_bytes_follow_the_spec_positions() -> None:
    key = "{0123ABCD-4567-89EF-0011-223344556677}"
    assert key_bytes(key) == bytes(int(key[p:p + 2], 16) for p in (
        35, 33, 31, 29, 27, 25, 22, 20, 17, 15, 12, 10, 7, 5, 3, 1))


@settings(max_examples=60, deadline=None)
@given(st.binary(min_size=0, max_size=80), st.binary(min_size=16, max_size=16))
def test_obfuscation_changes_only_the_first_32_bytes_and_undoes_itself(data: bytes,
                                                                       seed: bytes) -> None:
    key = font_key(seed)
    assert re.fullmatch(r"\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}", key)
    hidden = obfuscate(data, key)
    assert hidden[32:] == data[32:] and len(hidden) == len(data)
    assert obfuscate(hidden, key) == data == deobfuscate(hidden, key)
    if len(data) >= 32:
        assert hidden[:32] != data[:32] or key_bytes(key) == bytes(16)


_TEXT = st.text(st.sampled_from("abc ١٢٣ صبح (ICE) 2017 - ကျောင်း 𐴀𐴁 .,"), max_size=40)


@settings(max_examples=80, deadline=None)
@given(_TEXT, st.booleans())
def test_runs_cover_the_text_in_order_with_the_bidi_direction(text: str, rtl: bool) -> None:
    runs = spans(text, "ar" if rtl else "en", "Arab" if rtl else "Latn", rtl)
    assert "".join(run.text for run in runs) == unicodedata.normalize("NFC", text)
    levels = icu.bidi_levels(unicodedata.normalize("NFC", text), rtl)
    position = 0
    for run in runs:
        odd = {level % 2 == 1 for level in levels[position:position + len(run.text)]}
        assert run.rtl == (True in odd or icu.is_rtl_script(run.script))
        assert len(odd) == 1 or icu.is_rtl_script(run.script)  # digits join their letters
        position += len(run.text)


def test_cli_renders_docx_and_names_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    from safehaven_docs.cli import main

    monkeypatch.chdir(tmp_path)
    assert main(["render", "handout", "--lang", "ksw", "--format", "docx"]) == 0
    written = tmp_path / "out" / "handout-ksw-tabloid.docx"
    assert written.read_bytes()[:2] == b"PK"
    assert "wrote" in capsys.readouterr().out
    assert main(["render", "poster", "--lang", "en", "--format", "docx", "--cmyk",
                 "--out", "p.docx"]) != 0
    assert "DOCX" in capsys.readouterr().err and not (tmp_path / "p.docx").exists()
