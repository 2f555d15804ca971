"""What the engine knows about each writing system, as data.

Code looks a script up here instead of branching on language codes. A new
language in one of these scripts needs no code change; a new script needs an
entry here and a font in ``fonts/``.
"""

from __future__ import annotations

from msgspec import Struct

from ..errors import SafehavenError

FALLBACK_FAMILY = "Noto Sans"
#: Nothing is printed smaller than this, in any script (footers, notices, captions).
MIN_PRINTED = 7.0


class ScriptInfo(Struct, frozen=True):
    """Fonts, spacing and breaking for one ISO 15924 script."""

    code: str
    families: tuple[str, ...]
    #: Baseline-to-baseline distance in multiples of the type size.
    leading: float
    #: Whether words are separated by spaces. If not, ICU's dictionary finds
    #: the breaks, and justification (which stretches spaces) would open a few
    #: phrase gaps very wide, so justified text is set flush to the start.
    spaces_between_words: bool = True
    #: The smallest readable body size in points on a sheet held in the hand
    #: (letters, handouts, a letter-size poster). Scripts whose letters carry
    #: stacked marks and small counters (Myanmar) need more than Latin at the
    #: same nominal size; larger sheets scale this up (read from further away).
    min_body: float = 9.0
    #: What ending a line at a break that is neither after a space nor at a
    #: hyphenation point costs the line breaker (the square root of demerits, as
    #: TeX's penalties): after a hyphen or dash in Latin text, cheap; between
    #: dictionary words inside a phrase in Myanmar script, dear.
    inner_break_penalty: int = 50
    #: Clusters after which a line never ends: prefixes that belong to the word
    #: that follows them (Myanmar script "အ", which ICU's Burmese dictionary, not
    #: knowing Karen words, often splits off).
    never_ends_line: frozenset[str] = frozenset()
    #: Letter spacing (em) justification may add between the letters of a word
    #: when word gaps alone would pass 0.6 em; 0 for scripts whose letters join
    #: or stack, where spacing them would break the writing.
    justify_tracking: float = 0.0
    #: Whether text extractors that count a page's letters to find its direction (poppler's
    #: ``unicodeTypeR`` knows only the BMP) count this script's letters as right-to-left.
    #: A right-to-left page in a script they do not count is read in left-to-right order
    #: unless the PDF tells them otherwise (docs/pdf-text-extraction.md).
    extractors_count_rtl: bool = True


SCRIPTS: dict[str, ScriptInfo] = {
    "Latn": ScriptInfo("Latn", ("Noto Sans",), leading=1.3, justify_tracking=0.03),
    "Arab": ScriptInfo("Arab", ("Noto Naskh Arabic", "Noto Sans"), leading=1.55),
    "Mymr": ScriptInfo("Mymr", ("Noto Sans Myanmar", "Noto Sans"), leading=1.75,
                       spaces_between_words=False, min_body=10.0, inner_break_penalty=300,
                       never_ends_line=frozenset({"\u1021"})),
    "Rohg": ScriptInfo("Rohg", ("Noto Sans Hanifi Rohingya", "Noto Naskh Arabic", "Noto Sans"),
                       leading=1.55, extractors_count_rtl=False),
}


#: Hyphenation dictionaries (pyphen's names, from LibreOffice/Hunspell) for
#: languages whose choice differs from pyphen's own for the language tag: the
#: texts are American English, and pyphen's "en" is British. Any other tag uses
#: the dictionary pyphen has for it, and a language with none (Somali, Hmong,
#: Rohingya, ...) is never hyphenated. An empty name turns hyphenation off.
HYPHENATION: dict[str, str] = {"en": "en_US"}


def hyphenation_dictionary(language: str) -> str | None:
    """The pyphen dictionary name for a BCP 47 ``language`` tag, or None for none."""
    if language in HYPHENATION:
        return HYPHENATION[language] or None
    import pyphen

    return pyphen.language_fallback(language.replace("-", "_"))


def script_info(code: str) -> ScriptInfo:
    """The entry for ``code``; an unknown script is a clear error."""
    try:
        return SCRIPTS[code]
    except KeyError:
        known = ", ".join(sorted(SCRIPTS))
        raise SafehavenError(
            f"no fonts are configured for script {code!r} (configured: {known}); add a font "
            "to fonts/ and an entry to safehaven_docs/text/scripts.py"
        ) from None
