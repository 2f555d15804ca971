"""The fast content-stream reader gives what pypdf's parser gives, on real and made-up streams."""

from __future__ import annotations

import io

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader
from pypdf.generic import ContentStream, NameObject

import safehaven_docs as sh
from safehaven_docs.content_stream import ContentError, operations


def _plain(value: object) -> object:
    """pypdf's objects and ours reduced to comparable Python values."""
    if isinstance(value, NameObject):
        return ("name", str(value))
    if isinstance(value, bytes | str):  # preflight asks only whether a string shows anything
        return ("string", len(getattr(value, "original_bytes", value)) > 0)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, bool) or value is None:
        return value
    return round(float(value), 4)


def _pypdf(data: bytes) -> list[tuple[object, bytes]]:
    stream = ContentStream(None, None)
    stream.set_data(data)
    return [(_plain(ops) if op != b"INLINE IMAGE" else None, op)
            for ops, op in stream.operations]


def _ours(data: bytes) -> list[tuple[object, bytes]]:
    return [(_plain(ops) if op != b"INLINE IMAGE" else None, op)
            for ops, op in operations(data)]


@pytest.mark.parametrize(("doc", "lang"), [("poster", "ar"), ("digest", "my"),
                                           ("letter", "rhg"), ("handout", "en")])
def test_real_pages_read_the_same_as_pypdf(doc: str, lang: str) -> None:
    pdf = sh.render(doc, lang, site="Ashgrove Elementary School")
    for page in PdfReader(io.BytesIO(pdf)).pages:
        data = page.get_contents().get_data()
        ours = operations(data)
        assert [op for _, op in ours] == [op for _, op in _pypdf(data)]
        assert _ours(data) == _pypdf(data)
        assert any(op == b"TJ" or op == b"Tj" for _, op in ours)


def test_strings_names_arrays_dictionaries_and_inline_images() -> None:
    data = (b"/Span <</ActualText <FEFF0041> /Lang (en)>> BDC\n"
            b"BT /F1 12 Tf 1 0 0 1 72 700 Tm [(a\\)b(c)) -20 <0102>] TJ ET EMC\n"
            b"/A#20B cs 0.5 g % a comment\n"
            b"BI /W 2 /H 1 /CS /RGB /BPC 8 ID \x00\x01\x02\x03\x04\x05 EI Q")
    ops = operations(data)
    assert [op for _, op in ops] == [b"BDC", b"BT", b"Tf", b"Tm", b"TJ", b"ET", b"EMC", b"cs",
                                     b"g", b"INLINE IMAGE", b"Q"]
    tag, props = ops[0][0]
    assert tag == "/Span" and props["/ActualText"] == b"\xfe\xff\x00\x41"
    assert ops[4][0][0] == [b"a\\)b(c)", -20.0, b"\x01\x02"]
    assert ops[7][0][0] == "/A B"
    assert ops[9][0]["settings"]["/CS"] == "/RGB"


@pytest.mark.parametrize("broken", [b"BT (never closed Tj", b"[1 2 >> TJ", b"] TJ",
                                    b"BI /W 1 ID abc"])
def test_damaged_streams_raise_content_error(broken: bytes) -> None:
    with pytest.raises(ContentError):
        operations(broken)


_NUMBER = st.floats(-1e4, 1e4, allow_nan=False).map(lambda x: round(x, 3))
_OPERAND = st.one_of(
    _NUMBER.map(lambda x: f"{x:g}".encode()),
    st.from_regex(r"/[A-Za-z][A-Za-z0-9]{0,6}", fullmatch=True).map(str.encode),
    st.binary(max_size=6).map(lambda b: b"<" + b.hex().encode() + b">"),
    st.from_regex(r"[A-Za-z0-9 ]{0,8}", fullmatch=True).map(lambda s: f"({s})".encode()),
)
_OPERATOR = st.sampled_from([b"Tf", b"Tm", b"cm", b"re", b"f", b"q", b"Q", b"rg", b"k",
                             b"TJ", b"Tj", b"'", b"Td", b"BT", b"ET", b"Do", b"cs", b"scn"])


@given(st.lists(st.tuples(st.lists(_OPERAND, max_size=4), _OPERATOR), max_size=20))
def test_random_streams_read_the_same_as_pypdf(ops: list[tuple[list[bytes], bytes]]) -> None:
    data = b"\n".join(b" ".join([*operands, op]) for operands, op in ops)
    assert _ours(data) == _pypdf(data)
