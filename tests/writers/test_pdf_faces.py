"""ReportLab's parse of a font, kept in the disk cache, is the parse itself.

A face restored from the cache must equal a fresh parse in every attribute, or
the subsets, widths and ToUnicode maps of a PDF would differ with the cache.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.pdfbase import ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from safehaven_docs import cache
from safehaven_docs.text.fonts import font_library
from safehaven_docs.writers import pdf_faces, pdf_fonts
from safehaven_docs.writers.pdf_fonts import _TaggedFont

FACES = font_library().faces


@pytest.mark.parametrize("face", FACES, ids=lambda face: face.key)
def test_a_restored_face_is_the_parsed_face(face) -> None:
    parsed = ttfonts.TTFontFace(str(face.path), validate=0)
    restored = pdf_faces.restored(pdf_faces.kept(parsed), face)
    fresh, kept = vars(parsed), vars(restored)
    assert kept.keys() == fresh.keys()
    for name, value in fresh.items():
        if name == "_pdfScale":
            assert [kept[name](x) for x in (0, 1, 7, 2048, -300)] == \
                [value(x) for x in (0, 1, 7, 2048, -300)]
        else:
            assert kept[name] == value, name
            assert type(kept[name]) is type(value), name
    for name in ("name", "familyName", "styleName", "fullName", "uniqueFontID"):
        assert kept[name].ustr == fresh[name].ustr
    assert restored.makeSubset([32, 65, 66]) == parsed.makeSubset([32, 65, 66])


def test_our_font_is_set_up_as_reportlab_sets_up_its_own() -> None:
    face = FACES[0]
    theirs = TTFont("SH-test", str(face.path), asciiReadable=0)
    ours = _TaggedFont("SH-test", pdf_faces.parsed_face(face))
    assert vars(ours).keys() == vars(theirs).keys()
    for name in ("fontName", "_asciiReadable", "shapable"):
        assert getattr(ours, name) == getattr(theirs, name)
    assert type(ours.encoding) is type(theirs.encoding)


def test_a_damaged_entry_is_parsed_again(tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(cache.ENV_OFF, raising=False)
    monkeypatch.setenv(cache.ENV_DIR, str(tmp_path))
    face = FACES[0]
    first = pdf_faces.parsed_face(face)
    (entry,) = tmp_path.rglob("*.bin")
    head = entry.read_bytes().split(b"\n", 1)[0]
    for damage in (b"", b"\x00\xff", b"\xff" * 100, b"[" * 1000):
        entry.write_bytes(head + b"\n" + damage)
        again = pdf_faces.parsed_face(face)
        assert again.charToGlyph == first.charToGlyph
        assert entry.read_bytes() != head + b"\n" + damage  # written again, whole
    assert pdf_faces.parsed_face(face).charWidths == first.charWidths


@pytest.mark.parametrize("stored", [[1, 2], ({}, {}), ({"unitsPerEm": 0}, {}), (1, 2, 3), "x"])
def test_an_entry_that_is_not_a_kept_face_is_parsed_again(
        stored: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import marshal

    monkeypatch.delenv(cache.ENV_OFF, raising=False)
    monkeypatch.setenv(cache.ENV_DIR, str(tmp_path))
    face = FACES[0]
    expected = ttfonts.TTFontFace(str(face.path), validate=0).charToGlyph
    cache.store_bytes(pdf_faces.KIND, pdf_faces._entry(face), marshal.dumps(stored))
    assert pdf_faces.parsed_face(face).charToGlyph == expected


@pytest.mark.parametrize("face", FACES, ids=lambda face: face.key)
def test_the_writer_reads_the_glyphs_harfbuzz_would_give(face) -> None:
    """The writer takes nominal glyphs, advances and the PostScript name from ReportLab's
    parse and the font's name table (not loading HarfBuzz): every answer must be
    HarfBuzz's, or a glyph would read back as another character or sit elsewhere."""
    import uharfbuzz as hb

    font = face.hb_font
    for code in sorted(set(font.face.unicodes) | {0xA0, 0xFFFF, 0x20, 0x78, 0x2060, 0x10FFFF}):
        assert pdf_fonts.nominal_glyph(face, chr(code)) == font.get_nominal_glyph(code), hex(code)
    for glyph in range(font.face.glyph_count):
        assert pdf_fonts.glyph_units(face, glyph) == (font.get_glyph_h_advance(glyph),
                                                      font.face.upem)
    assert face.postscript_name == font.face.get_name(hb.OTNameIdPredefined.POSTSCRIPT_NAME)
