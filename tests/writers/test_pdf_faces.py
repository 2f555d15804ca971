"""ReportLab's parse of a font, kept in the disk cache, is the parse itself.

A face restored from the cache, or read a table at a time (``face_parse``), must
equal ReportLab's own parse in every attribute, or the subsets, widths and ToUnicode
maps of a PDF would differ with the cache or without it.
"""

from __future__ import annotations

import struct
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reportlab.pdfbase import ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from safehaven_docs import cache
from safehaven_docs.text.fonts import font_library
from safehaven_docs.writers import face_parse, pdf_faces, pdf_fonts
from safehaven_docs.writers.pdf_fonts import _TaggedFont

FACES = font_library().faces


def assert_same_face(ours: ttfonts.TTFontFace, theirs: ttfonts.TTFontFace,
                     ordered: bool = True) -> None:
    """Every attribute ReportLab set (in its order, if ``ordered``), of the same value and
    type; its dictionaries in the same order."""
    mine, fresh = vars(ours), vars(theirs)
    assert list(mine) == list(fresh) if ordered else mine.keys() == fresh.keys()
    for name, value in fresh.items():
        if name == "_pdfScale":
            assert [mine[name](x) for x in (0, 1, 7, 2048, -300)] == \
                [value(x) for x in (0, 1, 7, 2048, -300)]
            continue
        assert mine[name] == value, name
        assert type(mine[name]) is type(value), name
        if isinstance(value, dict):
            assert list(mine[name].items()) == list(value.items()), name
        if isinstance(value, ttfonts.TTFNameBytes):
            assert mine[name].ustr == value.ustr, name


@pytest.mark.parametrize("face", FACES, ids=lambda face: face.key)
def test_a_face_read_a_table_at_a_time_is_reportlabs_parse(face) -> None:
    theirs = ttfonts.TTFontFace(str(face.path), validate=0)
    ours = face_parse.parsed(str(face.path), face.data)
    assert_same_face(ours, theirs)
    assert ours.makeSubset([32, 65, 66, 0xA0]) == theirs.makeSubset([32, 65, 66, 0xA0])


def _tables(data: bytes) -> dict[str, tuple[int, int]]:
    count, = struct.unpack_from(">H", data, 4)
    found = {}
    for n in range(count):
        tag, _, offset, length = struct.unpack_from(">4sLLL", data, 12 + 16 * n)
        found[tag.decode()] = (offset, length)
    return found


#: Small faces of both cmap formats the reader reads (4: Arabic, Myanmar; 12: Hanifi).
_SMALL = [f for f in FACES if f.key in ("NotoSansHanifiRohingya-Regular",
                                        "NotoSansMyanmar-Regular", "NotoNaskhArabic-Regular")]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(which=st.sampled_from(_SMALL),
       table=st.sampled_from(["name", "head", "OS/2", "post", "hhea", "maxp", "cmap", "hmtx",
                              "loca", "directory"]),
       changes=st.lists(st.tuples(st.integers(0, 1 << 20), st.integers(0, 255)),
                        min_size=1, max_size=4),
       near=st.sampled_from([16, 64, 1 << 20]))
def test_a_damaged_face_is_read_as_reportlab_reads_it_or_left_to_reportlab(
        which, table, changes, near, tmp_path_factory) -> None:
    """Bytes changed in one table: the reader gives ReportLab's very parse, or leaves
    the font to ReportLab (which parses it or says what is wrong). It never gives a
    face where ReportLab finds the font broken."""
    data = bytearray(which.data)
    tables = _tables(which.data)
    start, length = (0, 12 + 16 * len(tables)) if table == "directory" else tables[table]
    for where, value in changes:
        data[start + where % min(length, near)] = value
    path = tmp_path_factory.mktemp("face") / "damaged.ttf"
    path.write_bytes(data)
    try:
        ours = face_parse.parsed(str(path), bytes(data))
    except face_parse.Unusual:
        return
    try:
        theirs = ttfonts.TTFontFace(str(path), validate=0)
    except Exception as exc:  # any failure of ReportLab's
        pytest.fail(f"ReportLab cannot parse what the reader read: {exc!r}")
    assert_same_face(ours, theirs)


@pytest.mark.parametrize("edits", [
    {"head": [(18, 2048)]},  # another em: every metric scaled
    {"head": [(18, 2048)], "hhea": [(34, 500)]},  # the last 110 glyphs carry no advance
    {"hhea": [(34, 1)]},
], ids=["em-2048", "em-2048-short-hmtx", "one-advance"])
def test_a_face_with_other_metrics_is_read_as_reportlab_reads_it(edits, tmp_path: Path) -> None:
    """Every bundled font has 1,000 units to the em: the scaling, and ReportLab's use of
    the last *scaled* advance for glyphs past the last full metric, are tried here."""
    face = next(f for f in FACES if f.key == "NotoSansMyanmar-Regular")
    data = bytearray(face.data)
    tables = _tables(face.data)
    for table, changes in edits.items():
        for offset, value in changes:
            at = tables[table][0] + offset
            data[at:at + 2] = value.to_bytes(2, "big")
    path = tmp_path / "edited.ttf"
    path.write_bytes(data)
    assert_same_face(face_parse.parsed(str(path), bytes(data)),
                     ttfonts.TTFontFace(str(path), validate=0))


def test_a_face_the_reader_leaves_is_parsed_by_reportlab(tmp_path: Path) -> None:
    """A font that restricts embedding (fsType 2) is one the reader does not read;
    the writer then takes ReportLab's parse, which decides what may be embedded."""
    face = next(f for f in FACES if f.key == "NotoSansHanifiRohingya-Regular")
    data = bytearray(face.data)
    os2, _ = _tables(face.data)["OS/2"]
    data[os2 + 8:os2 + 10] = (2).to_bytes(2, "big")
    with pytest.raises(face_parse.Unusual):
        face_parse.parsed(str(face.path), bytes(data))
    restricted = tmp_path / "restricted.ttf"
    restricted.write_bytes(data)
    moved = type(face)(face.key, face.family, face.weight, face.style, restricted,
                       face.scripts, bytes(data))
    assert_same_face(pdf_faces._parse(moved), ttfonts.TTFontFace(str(restricted), validate=0))


@pytest.mark.parametrize("face", FACES, ids=lambda face: face.key)
def test_a_restored_face_is_the_parsed_face(face) -> None:
    parsed = ttfonts.TTFontFace(str(face.path), validate=0)
    restored = pdf_faces.restored(pdf_faces.kept(parsed), face)
    assert_same_face(restored, parsed, ordered=False)
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


@pytest.mark.parametrize(("table", "offset", "value"), [
    ("head", 18, 0),  # no units to the em: ReportLab divides by zero
    ("head", 0, 2),  # a head table of another version
    ("name", 0, 1),  # a name table format the reader does not read
])
def test_a_face_the_reader_cannot_read_is_left_to_reportlab(table: str, offset: int,
                                                            value: int) -> None:
    face = next(f for f in FACES if f.key == "NotoSansHanifiRohingya-Regular")
    data = bytearray(face.data)
    at = _tables(face.data)[table][0] + offset
    data[at:at + 2] = value.to_bytes(2, "big")
    with pytest.raises(face_parse.Unusual):
        face_parse.parsed(str(face.path), bytes(data))


def test_a_cmap_that_maps_more_than_unicode_is_left_to_reportlab() -> None:
    """A damaged format 12 group claiming millions of characters: the reader stops at
    Unicode's size instead of building lists of them all."""
    face = next(f for f in FACES if f.key == "NotoSansHanifiRohingya-Regular")
    data = bytearray(face.data)
    cmap = _tables(face.data)["cmap"][0]
    count, = struct.unpack_from(">H", data, cmap + 2)
    subtables = [cmap + struct.unpack_from(">L", data, cmap + 8 + 8 * n)[0] for n in range(count)]
    twelve = next(at for at in subtables if struct.unpack_from(">H", data, at)[0] == 12)
    first, = struct.unpack_from(">L", data, twelve + 16)
    data[twelve + 20:twelve + 24] = (first + 0x200000).to_bytes(4, "big")  # the group's end
    with pytest.raises(face_parse.Unusual):
        face_parse.parsed(str(face.path), bytes(data))
