"""Checks on every string a translator writes.

A poster is only as good as its characters: a stray control character, a
private-use code point, a legacy Zawgyi-encoded Burmese string or a Latin
letter typed into an Arabic sentence all print wrongly or not at all. These
checks catch them in the text file, where they are cheap to fix.
"""

from __future__ import annotations

import math
import re
import string
import unicodedata
import warnings
from collections.abc import Iterator
from functools import lru_cache
from itertools import pairwise
from typing import Any

from ..errors import Problem, Severity
from ..text import icu

#: Format characters that real text needs: joiners for Arabic and Myanmar,
#: bidi marks, the soft hyphen and the word joiner. Embeddings, overrides and
#: isolates are refused: the layout engine sets direction itself.
ALLOWED_FORMAT = frozenset("\u200c\u200d\u200e\u200f\u061c\u00ad\u2060")
ZAWGYI_THRESHOLD = 0.95
_LATIN_WORD = re.compile(r"[^\W\d_]+")
_PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")


def walk_strings(data: Any, key: str = "") -> Iterator[tuple[str, str]]:
    """Every string leaf of a parsed file as ``(dotted.key[index], text)``."""
    if isinstance(data, str):
        yield key, data
    elif isinstance(data, dict):
        for name, value in data.items():
            yield from walk_strings(value, f"{key}.{name}" if key else name)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from walk_strings(value, f"{key}[{index}]")


#: The longest string a text file may hold (the longest shipped one has about 800).
MAX_STRING = 5000


def check_characters(key: str, text: str) -> Iterator[Problem]:
    """Empty or overlong text, stray spaces, control/private/unassigned characters, NFC."""
    if not text.strip():
        yield Problem(None, "the text is empty", key=key, code="empty", hint="write the text")
        return
    if len(text) > MAX_STRING:
        yield Problem(None, f"the text is {len(text)} characters long; at most {MAX_STRING}",
                      key=key, code="too-long",
                      hint="a poster paragraph is a few hundred characters; split or shorten it")
        return
    if text != text.strip():
        yield Problem(
            None,
            "the text starts or ends with white space",
            key=key,
            code="whitespace",
            severity=Severity.WARNING,
            hint="remove the spaces at the start or end",
        )
    if not _PLAIN.issuperset(text):  # most strings: every character seen before and fine
        for char in text:
            problem = _bad_character(key, char)
            if problem:
                yield problem
                break
            _PLAIN.add(char)
    if not unicodedata.is_normalized("NFC", text):
        yield Problem(
            None,
            f"the text is not in Unicode NFC (first at {_first_non_nfc(text)})",
            key=key,
            code="nfc",
            hint="run `safehaven normalize FILE` to rewrite the file in NFC",
        )


#: Characters :func:`_bad_character` has passed (a property of the character alone).
_PLAIN: set[str] = set()


def _bad_character(key: str, char: str) -> Problem | None:
    category = unicodedata.category(char)
    kinds = {
        "Cc": "a control character (a tab or line break?)",
        "Co": "a private-use character (a legacy font encoding?)",
        "Cn": "an unassigned code point",
        "Cs": "a lone surrogate",
    }
    if category in kinds:
        what = kinds[category]
    elif category == "Cf" and char not in ALLOWED_FORMAT:
        what = "an invisible formatting character"
    else:
        return None
    return Problem(
        None,
        f"contains {what}: {_describe(char)}",
        key=key,
        code="control",
        hint="delete it; a new paragraph is a new list entry, not a line break",
    )


def _describe(char: str) -> str:
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X} {name}".rstrip()


def _first_non_nfc(text: str) -> str:
    for index, char in enumerate(text):
        if not unicodedata.is_normalized("NFC", text[index : index + 2]):
            return f"character {index + 1}, {_describe(char)}"
    return "the end of the text"


def check_script(
    key: str, text: str, script: str, allowed_words: frozenset[str]
) -> Iterator[Problem]:
    """Letters must be of ``script``; Latin words only if English uses them too."""
    for match in _LATIN_WORD.finditer(_PLACEHOLDER.sub(" ", text)):
        word = match.group()
        bad = [char for char in word if not _in_script(char, script)]
        if not bad:
            continue
        if all(icu.script_of(char) == "Latn" for char in bad) and word in allowed_words:
            continue
        yield Problem(
            None,
            f"{_describe(bad[0])} in {word!r} is not in the file's script {script}",
            key=key,
            code="script",
            hint=f"write it in {script}; Latin words may stay only if texts/en.toml uses "
            "them too (names, acronyms such as ICE or FERPA)",
        )


#: Two or more Latin words with only spaces between them.
_LATIN_LETTERS = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"  # not × and ÷
_LATIN_PHRASE = re.compile(f"[{_LATIN_LETTERS}]+(?: +[{_LATIN_LETTERS}]+)+")


def check_latin_phrases(key: str, text: str) -> Iterator[Problem]:
    """A Latin phrase of several words inside a right-to-left line of BMP letters (Arabic
    script), which Chrome and Edge read in reverse word order.

    PDFium, their PDF reader, cuts a line into runs of one direction, a space being a run
    of its own, and turns a right-to-left line's runs around: "Milwaukee Public Schools"
    comes back as "Schools Public Milwaukee" (the digest 0.838 against its text).
    Firefox and poppler read it right. One Latin word (an acronym such as ICE) reads
    right everywhere, and so does a string that is Latin only.
    """
    if not any(unicodedata.bidirectional(c) in ("R", "AL") and c.isalpha() and ord(c) <= 0xFFFF
               for c in text):
        return
    for match in _LATIN_PHRASE.finditer(_PLACEHOLDER.sub("\x00", text)):  # a value between
        phrase = match.group()
        backwards = " ".join(reversed(phrase.split()))
        yield Problem(
            None,
            f"the Latin phrase {phrase!r} reads as {backwards!r} in Chrome and Edge: their "
            "PDF reader turns round the words of a Latin phrase in a right-to-left line",
            key=key,
            code="latin-phrase",
            severity=Severity.WARNING,
            hint="write it in the file's script (as texts/ar.toml writes ميلووكي), or keep "
            "one Latin word, such as an acronym (MPS); Firefox and other readers read it right",
        )


@lru_cache(maxsize=8192)
def _in_script(char: str, script: str) -> bool:
    found = icu.script_of(char)
    if found in (icu.COMMON, icu.INHERITED, script):
        return True
    return script in icu.script_extensions(char)


def latin_words(strings: Iterator[str]) -> frozenset[str]:
    """The Latin-script words of the source: those a translation may keep."""
    words: set[str] = set()
    for text in strings:
        words.update(m.group() for m in _LATIN_WORD.finditer(text))
    return frozenset(words)


def check_zawgyi(key: str, text: str) -> Iterator[Problem]:
    """Burmese or Karen typed in the legacy Zawgyi font encoding."""
    if not any("\u1000" <= char <= "\u109f" for char in text):
        return
    probability = zawgyi_probability(text)
    if probability >= ZAWGYI_THRESHOLD:
        yield Problem(
            None,
            f"the Myanmar-script text looks Zawgyi-encoded (probability {probability:.2f})",
            key=key,
            code="zawgyi",
            hint="convert it to Unicode (e.g. with Rabbit or myanmar-tools' converter) and "
            "check it with a Unicode font",
        )


def zawgyi_probability(text: str) -> float:
    """myanmar-tools' Zawgyi probability of ``text``, the very float its detector gives.

    The detector looks up each character's state by bisecting its model's characters
    (twice per character, for each of its two passes over the text): a tenth of
    checking a Burmese or Karen file. The states are looked up here in a table made once
    with the detector's own lookup, and the pairs' log-likelihood ratios summed in its
    order; a test compares the two on every shipped string and on random text.
    """
    scoring = _zawgyi_scoring()
    if scoring is None:
        return float(_zawgyi_detector().get_zawgyi_probability(text))
    states, params, size = scoring
    sequence = [0, *(states.get(char, 0) for char in text), 0]
    ratios = [params[left * size + right] for left, right in pairwise(sequence)]
    known = [ratio for ratio in ratios if not math.isnan(ratio)]
    if not known:
        return -math.inf
    total = sum(known)
    if total >= 0:
        z = math.exp(-total)
        return z / (z + 1)
    return 1 / (1 + math.exp(total))


@lru_cache(maxsize=1)
def _zawgyi_scoring() -> tuple[dict[str, int], Any, int] | None:
    """Each model character's state (as the detector's own lookup gives it), the model's
    parameters and its row length; None if this myanmar-tools keeps its model otherwise
    (then its own method is asked)."""
    detector = _zawgyi_detector()
    try:
        chars, params, state = detector._chars, detector._params, detector._state
        states = {char: state(char) for char in chars}
        if not (isinstance(chars, str) and len(params) == (len(chars) + 1) ** 2):
            return None
    except (AttributeError, TypeError):
        return None
    return states, params, len(chars) + 1


@lru_cache(maxsize=1)
def _zawgyi_detector() -> Any:
    # myanmartools 1.2 loads its model with a deprecated importlib call; the
    # warning is theirs, not a problem in the user's text.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        from myanmartools import ZawgyiDetector

        return ZawgyiDetector()


def placeholders(text: str) -> frozenset[str] | None:
    """The ``{names}`` in ``text``; None when its braces are malformed."""
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:
        return None
    return frozenset(name for _, name, _, _ in parsed if name is not None)


def check_placeholders(key: str, text: str, source: str | None) -> Iterator[Problem]:
    """A translation keeps exactly the source's ``{placeholders}``."""
    found = placeholders(text)
    if found is None:
        yield Problem(
            None,
            "unbalanced { or } in the text",
            key=key,
            code="placeholder",
            hint="placeholders look like {site}; write a literal brace as {{ or }}",
        )
        return
    wanted = placeholders(source) if source is not None else frozenset()
    if wanted is not None and found != wanted:
        missing = ", ".join(f"{{{n}}}" for n in sorted(wanted - found)) or "none"
        extra = ", ".join(f"{{{n}}}" for n in sorted(found - wanted)) or "none"
        yield Problem(
            None,
            f"placeholders differ from English: missing {missing}; unexpected {extra}",
            key=key,
            code="placeholder",
            hint="keep each {name} from the English text exactly as written, in ASCII braces",
        )


def check_coverage(key: str, text: str, script: str) -> Iterator[Problem]:
    """Every character must be drawable by a bundled font: never a tofu box."""
    from ..text.itemize import uncovered

    for index, char in uncovered(text, script)[:1]:
        snippet = text[max(0, index - 10) : index + 10]
        yield Problem(
            None,
            f"no bundled font has {icu.char_name(char)} (in “{snippet}”)",
            key=key,
            code="no-font",
            hint="replace the character (a look-alike from another script?) or add a font "
            "that covers it to fonts/",
        )
