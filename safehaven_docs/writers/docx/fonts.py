"""Embedding the bundled fonts in a DOCX: obfuscated font parts per ECMA-376.

ECMA-376 Part 1, §17.8.1 (font embedding) and §17.8.3.3 (``embedRegular``):
each embedded face is a part ``word/fonts/fontN.odttf`` of content type
``application/vnd.openxmlformats-officedocument.obfuscatedFont``, related from
the font table. Its ``w:fontKey`` is a GUID; the font file's first 32 bytes are
XORed with the GUID's 16 bytes taken in reverse order of its hex digits (the
digit pairs from the end of ``{XXXXXXXX-XXXX-…}`` to its start), bytes 0–15
and 16–31 each with the whole key. ``w:embedTrueTypeFonts`` in the settings
tells Word to use embedded fonts. The key is derived from the font's own
bytes, so the same font always gives the same part: outputs stay deterministic.
"""

from __future__ import annotations

import hashlib

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from msgspec import Struct

from ...text.fonts import Face

OBFUSCATED_FONT = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


class Embedded(Struct, frozen=True):
    """One embedded face: its family, weight, relationship id and key."""

    family: str
    bold: bool
    rel_id: str
    key: str


def font_key(data: bytes) -> str:
    """A GUID in braces, upper case, derived from the font's bytes."""
    digest = hashlib.sha256(data).hexdigest()[:32].upper()
    return "{" + "-".join((digest[:8], digest[8:12], digest[12:16], digest[16:20],
                           digest[20:])) + "}"


def key_bytes(key: str) -> bytes:
    """The 16 XOR bytes of a ``w:fontKey``: its hex digits' bytes, last first."""
    return bytes.fromhex(key.strip("{}").replace("-", ""))[::-1]


def obfuscate(data: bytes, key: str) -> bytes:
    """``data`` with its first 32 bytes XORed with :func:`key_bytes` (its own inverse)."""
    xor = key_bytes(key)
    head = bytes(byte ^ xor[index % 16] for index, byte in enumerate(data[:32]))
    return head + data[32:]


def embed(font_table: Part, faces: list[Face]) -> list[Embedded]:
    """Add each face as an obfuscated part related from ``font_table``; in the given order."""
    out = []
    for number, face in enumerate(faces, start=1):
        data = face.path.read_bytes()
        key = font_key(data)
        part = Part(PackURI(f"/word/fonts/font{number}.odttf"), OBFUSCATED_FONT,
                    obfuscate(data, key), font_table.package)
        rel_id = font_table.relate_to(part, RT.FONT)
        out.append(Embedded(face.family, face.weight == "bold", rel_id, key))
    return out


def font_table_xml(families: list[str], embedded: list[Embedded]) -> bytes:
    """The ``w:fonts`` part: each family, with ``w:embedRegular``/``w:embedBold`` if embedded."""
    entries = []
    for family in families:
        embeds = "".join(
            f'<w:{"embedBold" if item.bold else "embedRegular"} r:id="{item.rel_id}" '
            f'w:fontKey="{item.key}"/>'
            for item in sorted(embedded, key=lambda item: item.bold) if item.family == family)
        entries.append(f'<w:font w:name="{family}">'
                       f'<w:family w:val="auto"/><w:pitch w:val="variable"/>{embeds}</w:font>')
    xml = (f"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
           f'<w:fonts xmlns:w="{W_NS}" xmlns:r="{R_NS}">{"".join(entries)}</w:fonts>')
    return xml.encode("utf-8")
