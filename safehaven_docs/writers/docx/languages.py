"""What Word and LibreOffice need to know about our languages and scripts, as data.

Word formats text with one of two sets of run properties: the Latin ones
(``w:sz``, ``w:b``, ``w:rFonts/@w:ascii``, ``w:lang/@w:val``) or the
complex-script ones (``w:szCs``, ``w:bCs``, ``w:rFonts/@w:cs``,
``w:lang/@w:bidi``). Arabic, Myanmar and Hanifi Rohingya are complex scripts
to both programs; LibreOffice takes the language of such text only from
``w:lang/@w:bidi``.
"""

from __future__ import annotations

#: Scripts Word and LibreOffice set with the complex-script properties.
COMPLEX_SCRIPTS = frozenset({"Arab", "Mymr", "Rohg", "Hebr", "Thai", "Deva", "Beng", "Khmr"})

#: The tag written in ``w:lang`` where it differs from the text's own tag: the region
#: Word expects for its proofing tools (Burmese is ``my-MM``). S'gaw Karen has no
#: Word proofing language; ``ksw-MM`` is a well-formed tag Word keeps as written and
#: LibreOffice passes to HarfBuzz, which selects the font's Karen (``KSW``) forms.
WORD_LANGUAGE = {
    "en": "en-US",
    "es": "es-US",
    "so": "so-SO",
    "ar": "ar-SA",
    "my": "my-MM",
    "ksw": "ksw-MM",
    "hmn": "hmn-US",
    "rhg": "rhg-Rohg",
    "rhg-Latn": "rhg-Latn",
}


def word_language(tag: str) -> str:
    """The ``w:lang`` value for the language tagged ``tag`` (the tag itself by default)."""
    return WORD_LANGUAGE.get(tag, tag)


def is_complex(script: str) -> bool:
    """Whether text in ``script`` takes Word's complex-script properties."""
    return script in COMPLEX_SCRIPTS
