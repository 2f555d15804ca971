"""Rohingyalish → Hanifi Rohingya: attested words, every letter, and the two shipped files.

Expected Hanifi strings are written out here as code points, independently of
the module's own tables, so a wrong table entry fails a test instead of
agreeing with itself.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from pathlib import Path

import pytest

from safehaven_docs.translit.rohingya import (
    DEFAULT_KEEP_LATIN,
    NATIVE_NAME,
    latin_to_hanifi,
    main,
    transliterate_texts,
)

TEXTS = Path(__file__).resolve().parents[1] / "texts"


def h(*points: int) -> str:
    """A Hanifi string from code points, to keep expectations readable."""
    return "".join(chr(p) for p in points)


A, KINNA_WA, YA, KINNA_YA = 0x10D00, 0x10D17, 0x10D18, 0x10D19
VA, VI, VU, VE, VO = 0x10D1D, 0x10D1E, 0x10D1F, 0x10D20, 0x10D21
SAKIN, NA_KHONNA = 0x10D22, 0x10D23
HARBAHAY, TAHALA, TANA, TASSI = 0x10D24, 0x10D25, 0x10D26, 0x10D27
BA, PA, TA, TTA, JA, CA, HA, KHA, FA, DA, DDA = (
    0x10D01, 0x10D02, 0x10D03, 0x10D04, 0x10D05, 0x10D06, 0x10D07, 0x10D08, 0x10D09,
    0x10D0A, 0x10D0B,
)  # fmt: skip
RA, RRA, ZA, SA, SHA, KA, GA, LA, MA, NA, WA, NGA, NYA = (
    0x10D0C, 0x10D0D, 0x10D0E, 0x10D0F, 0x10D10, 0x10D11, 0x10D12, 0x10D13, 0x10D14,
    0x10D15, 0x10D16, 0x10D1A, 0x10D1B,
)  # fmt: skip

CONSONANTS = {
    "b": BA, "p": PA, "t": TA, "th": TTA, "j": JA, "ch": CA, "h": HA, "kh": KHA,
    "f": FA, "d": DA, "dh": DDA, "r": RA, "ç": RRA, "z": ZA, "s": SA, "c": SHA,
    "k": KA, "g": GA, "l": LA, "m": MA, "n": NA, "w": WA, "v": WA, "y": YA,
    "ng": NGA, "ny": NYA,
}  # fmt: skip
VOWELS = {"a": VA, "i": VI, "u": VU, "e": VE, "o": VO}
ACCENTED = {"á": "a", "í": "i", "ú": "u", "é": "e", "ó": "o"}
AR, ONE = h(A, VA, RA), h(0x10D31)  # "ar" (and), the digit 1
#: Consonants written with sakin at the end of a word (r12a's list).
TAKES_SAKIN = {"p", "b", "t", "d", "th", "g", "f", "s", "c", "kh", "h", "w", "v", "l"}

# Words whose Hanifi spelling is attested, with the Rohingyalish spelling that
# our rules read into it. Sources: r12a "Hanifi Rohingya orthography notes"
# (sample text and examples), Wikipedia's infobox ("Hanifi leká").
ATTESTED = {
    "Januari": h(JA, VA, NA, VU, A, VA, RA, VI),  # r12a: January
    "Hanifi": h(HA, VA, NA, VI, FA, VI),  # Wikipedia: Hanifi leká
    "leká": h(LA, VE, KA, HARBAHAY, VA),
    "beggun": h(BA, VE, GA, TASSI, VU, NA),  # r12a sample: all
    "azad": h(A, VA, ZA, VA, DA, SAKIN),  # r12a sample: free
    "izzot": h(A, VI, ZA, TASSI, VO, TA, SAKIN),  # r12a sample: dignity
    "ar": h(A, VA, RA),  # r12a sample: and
    "zon": h(ZA, VO, NA),
    "baf": h(BA, VA, FA, SAKIN),  # r12a: father
    "bai": h(BA, VA, YA),  # r12a: brother
    "loi": h(LA, VO, YA),  # r12a sample: with
    "incaán": h(A, VI, NA, SHA, TANA, VA, NA),  # r12a sample
    "háail": h(HA, TAHALA, VA, KINNA_YA, LA, SAKIN),  # r12a: green
    "tinkuinna": h(TA, VI, NA, KA, VU, KINNA_YA, NA, TASSI, VA),  # r12a: triangle
    "cokóol": h(SHA, VO, KA, TAHALA, VO, LA, SAKIN),
    "maámela": h(MA, TANA, VA, MA, VE, LA, VA),  # r12a sample
    "goróon": h(GA, VO, RA, TAHALA, VO, NA),  # r12a sample
    "hóok": h(HA, TAHALA, VO, KA),  # r12a sample: right
    "saa": h(SA, VA, A, VA),  # r12a sample: a repeated vowel is lengthened
    "khoo": h(KHA, VO, A, VO),  # r12a: xoʔo
    "thayyon": h(TTA, VA, YA, TASSI, VO, NA),  # r12a: tomato
    "dhéeihak": h(DDA, TAHALA, VE, KINNA_YA, HA, VA, KA),  # r12a: edible fern
    "añçáali": h(A, VA, NA_KHONNA, RRA, TAHALA, VA, LA, VI),  # r12a: tick
    "maáñ": h(MA, TANA, VA, NA_KHONNA),  # r12a: mother
    "khañli": h(KHA, VA, NA_KHONNA, LA, VI),  # r12a: sister-in-law
    "zíiyozzamai": h(ZA, TAHALA, VI, YA, VO, ZA, TASSI, VA, MA, VA, YA),  # r12a: son-in-law
    "istiri": h(A, VI, SA, TA, VI, RA, VI),  # r12a: iron
    "héenggar": h(HA, TAHALA, VE, NGA, GA, VA, RA),  # r12a: hanger
    "furan": h(FA, VU, RA, VA, NA),  # r12a: old
    "kompyuthar": h(KA, VO, MA, PA, YA, VU, TTA, VA, RA),  # r12a: computer
    "fuwa": h(FA, KINNA_WA, VA),  # r12a: son
    "zerfuwa": h(ZA, VE, RA, FA, KINNA_WA, VA),  # r12a: daughter
    "uúy": h(A, TANA, VU, YA),  # r12a: termite
}


@pytest.mark.parametrize(("latin", "hanifi"), ATTESTED.items())
def test_attested_words(latin: str, hanifi: str) -> None:
    assert latin_to_hanifi(latin) == hanifi


def test_capitals_are_read_as_small_letters() -> None:
    assert latin_to_hanifi("LEKÁ") == latin_to_hanifi("leká") == ATTESTED["leká"]


@pytest.mark.parametrize("consonant", CONSONANTS)
@pytest.mark.parametrize("vowel", [*VOWELS, *ACCENTED])
def test_every_consonant_with_every_vowel(consonant: str, vowel: str) -> None:
    base = ACCENTED.get(vowel, vowel)
    tone = [HARBAHAY] if vowel in ACCENTED else []
    assert latin_to_hanifi(consonant + vowel) == h(CONSONANTS[consonant], *tone, VOWELS[base])


@pytest.mark.parametrize("vowel", [*VOWELS, *ACCENTED])
def test_a_word_initial_vowel_sits_on_the_carrier(vowel: str) -> None:
    tone = [HARBAHAY] if vowel in ACCENTED else []
    assert latin_to_hanifi(vowel) == h(A, *tone, VOWELS[ACCENTED.get(vowel, vowel)])


@pytest.mark.parametrize("vowel", VOWELS)
def test_long_vowels_carry_tahala_or_tana(vowel: str) -> None:
    stressed = {v: k for k, v in ACCENTED.items()}[vowel]
    assert latin_to_hanifi(f"m{stressed}{vowel}") == h(MA, TAHALA, VOWELS[vowel])
    assert latin_to_hanifi(f"m{vowel}{stressed}") == h(MA, TANA, VOWELS[vowel])
    assert latin_to_hanifi(f"{stressed}{vowel}") == h(A, TAHALA, VOWELS[vowel])
    assert latin_to_hanifi(f"m{vowel}{vowel}") == h(MA, VOWELS[vowel], A, VOWELS[vowel])


@pytest.mark.parametrize("consonant", CONSONANTS)
def test_word_final_consonants_take_sakin_where_hanifi_writes_it(consonant: str) -> None:
    sakin = [SAKIN] if consonant in TAKES_SAKIN else []
    assert latin_to_hanifi("a" + consonant) == h(A, VA, CONSONANTS[consonant], *sakin)
    assert latin_to_hanifi("a" + consonant + "a") == h(A, VA, CONSONANTS[consonant], VA)


@pytest.mark.parametrize("consonant", CONSONANTS)
def test_a_doubled_consonant_is_written_once_with_tassi(consonant: str) -> None:
    expected = h(A, VA, CONSONANTS[consonant], TASSI, VA)
    assert latin_to_hanifi(f"a{consonant}{consonant}a") == expected


@pytest.mark.parametrize("digraph", ["th", "dh", "kh"])
def test_rohingyalish_doubles_a_digraph_by_its_first_letter(digraph: str) -> None:
    assert latin_to_hanifi(f"a{digraph[0]}{digraph}a") == h(A, VA, CONSONANTS[digraph], TASSI, VA)


def test_tassi_comes_before_the_tone_mark() -> None:
    assert latin_to_hanifi("goijjé") == h(GA, VO, KINNA_YA, JA, TASSI, HARBAHAY, VE)


@pytest.mark.parametrize(
    ("latin", "hanifi"),
    [
        ("bail", h(BA, VA, KINNA_YA, LA, SAKIN)),  # ai inside a word: KINNA YA
        ("beil", h(BA, VE, KINNA_YA, LA, SAKIN)),
        ("boil", h(BA, VO, KINNA_YA, LA, SAKIN)),
        ("tuil", h(TA, VU, KINNA_YA, LA, SAKIN)),
        ("tui", h(TA, VU, YA)),  # at the end of a word: YA
        ("bái", h(BA, HARBAHAY, VA, YA)),
        ("bou", h(BA, VO, KINNA_WA, SAKIN)),  # ou
        ("bouk", h(BA, VO, KINNA_WA, KA)),
        ("bau", h(BA, VA, A, VU)),  # not a Rohingyalish diphthong: two syllables
        ("baí", h(BA, VA, A, HARBAHAY, VI)),  # a stressed i is its own syllable
        ("bii", h(BA, VI, A, VI)),  # ii is a long i, not a diphthong
        ("fuwá", h(FA, KINNA_WA, HARBAHAY, VA)),
        ("uwa", h(A, VU, WA, VA)),  # uw starts a word: no glide
    ],
)
def test_diphthongs_glides_and_vowel_sequences(latin: str, hanifi: str) -> None:
    assert latin_to_hanifi(latin) == hanifi


def test_nasal_n_follows_its_vowel_and_the_next_vowel_needs_a_carrier() -> None:
    assert latin_to_hanifi("uñsa") == h(A, VU, NA_KHONNA, SA, VA)
    assert latin_to_hanifi("añára") == h(A, VA, NA_KHONNA, A, HARBAHAY, VA, RA, VA)


def test_an_apostrophe_joins_a_suffix_to_its_word() -> None:
    assert latin_to_hanifi("Sálma'ttu") == latin_to_hanifi("Sálmattu")
    assert latin_to_hanifi("Sálma’ttu") == h(SA, HARBAHAY, VA, LA, MA, VA, TA, TASSI, VU)


def test_the_rohingya_autonym_is_not_derived_but_taken_from_cldr() -> None:
    assert latin_to_hanifi("Ruáingga") == h(RA, VU, A, HARBAHAY, VA, KINNA_YA, NGA, GA, VA)
    assert h(RA, KINNA_WA, TAHALA, VA, KINNA_YA, NGA, GA, KINNA_YA, VA) == NATIVE_NAME


@pytest.mark.parametrize(
    ("latin", "hanifi"),
    [
        ("ar, ar", h(A, VA, RA) + "\u060c " + h(A, VA, RA)),
        ("ar.", h(A, VA, RA, 0x06D4)),
        ("né?", h(NA, HARBAHAY, VE, 0x061F)),
        ("ar; ar", h(A, VA, RA) + "\u061b " + h(A, VA, RA)),
        ("“ar”", "«" + h(A, VA, RA) + "»"),
        ("(ar): ar — ar · ar", f"({AR}): {AR} — {AR} · {AR}"),
        ("2019", h(0x10D32, 0x10D30, 0x10D31, 0x10D39)),
        ("1.5, 1,000", ONE + "." + h(0x10D35) + "\u060c " + ONE + "," + h(0x10D30) * 3),
    ],
)
def test_punctuation_and_digits(latin: str, hanifi: str) -> None:
    assert latin_to_hanifi(latin) == hanifi


@pytest.mark.parametrize("placeholder", ["{phone}", "{url}", "{site}", "{page}", "{pages}"])
def test_placeholders_are_copied_unchanged(placeholder: str) -> None:
    assert latin_to_hanifi(f"ar {placeholder}.") == f"{h(A, VA, RA)} {placeholder}\u06d4"
    assert latin_to_hanifi(f"ar{placeholder}ar") == f"{h(A, VA, RA)}{placeholder}{h(A, VA, RA)}"


@pytest.mark.parametrize("word", sorted(DEFAULT_KEEP_LATIN))
def test_default_keep_latin_words_stay_latin(word: str) -> None:
    assert latin_to_hanifi(f"ar ({word}) ar") == f"{h(A, VA, RA)} ({word}) {h(A, VA, RA)}"


def test_keep_latin_matches_whole_words_only_and_can_be_chosen() -> None:
    assert latin_to_hanifi("ICEa") == h(A, VI, SHA, VE, A, VA)  # not the acronym ICE
    assert latin_to_hanifi("zon", keep_latin=frozenset({"zon"})) == "zon"
    assert latin_to_hanifi("ICE ar", keep_latin=frozenset()) == h(A, VI, SHA, VE) + " " + h(
        A, VA, RA
    )


def test_english_spelled_names_are_respelled_before_transliteration() -> None:
    assert latin_to_hanifi("Milwaukee") == latin_to_hanifi("Milwóki")
    assert latin_to_hanifi("Milwaukee", respellings={}, keep_latin=frozenset({"Milwaukee"})) == (
        "Milwaukee"
    )
    kept = latin_to_hanifi("El Paso", keep_latin=frozenset({"El Paso"}))
    assert kept == "El Paso"  # a kept phrase wins over its respelling


@pytest.mark.parametrize(
    ("latin", "char", "position"),
    [
        ("xoo", "x", 0),
        ("ar tax", "x", 5),
        ("taq", "q", 2),
        ("Ωmega", "Ω", 0),
        ("ñam", "ñ", 0),  # ñ must follow a vowel
        ("tñ", "ñ", 1),
        ("ar $5", "$", 3),
        ("ar\u0303", "\u0303", 2),  # a combining mark with no precomposed form
    ],
)
def test_unmappable_input_raises_naming_character_and_position(
    latin: str, char: str, position: int
) -> None:
    expected = re.escape(f"{char!r} (U+{ord(char):04X}) at position {position} ")
    with pytest.raises(ValueError, match=expected):
        latin_to_hanifi(latin)


def test_output_is_nfc_even_for_decomposed_input() -> None:
    decomposed = unicodedata.normalize("NFD", "leká ókkol")
    assert decomposed != "leká ókkol"
    result = latin_to_hanifi(decomposed)
    assert result == latin_to_hanifi("leká ókkol")
    assert unicodedata.is_normalized("NFC", result)


def _latin_file() -> str:
    return (TEXTS / "rhg-Latn.toml").read_text(encoding="utf-8")


def test_the_shipped_hanifi_file_is_exactly_what_the_tool_makes() -> None:
    """texts/rhg.toml can never drift from texts/rhg-Latn.toml."""
    made = transliterate_texts(_latin_file())
    shipped = (TEXTS / "rhg.toml").read_text(encoding="utf-8")
    assert shipped == made, "regenerate: python -m safehaven_docs.translit.rohingya"


def test_transliterate_texts_is_deterministic_and_keeps_the_structure() -> None:
    latin = tomllib.loads(_latin_file())
    made_text = transliterate_texts(_latin_file())
    assert made_text == transliterate_texts(_latin_file())
    made = tomllib.loads(made_text)
    expected = _shape(latin)
    expected["meta"]["digits"] = "str"  # the Hanifi file prints Hanifi digits
    assert _shape(made) == expected
    assert made["meta"] == {
        "tag": "rhg",
        "native_name": NATIVE_NAME,
        "english_name": "Rohingya (Hanifi)",
        "script": "Rohg",
        "direction": "rtl",
        "status": "draft",
        "reviewer": "",
        "reviewed_on": "",
        "cldr_locale": "",
        "digits": "rohg",
    }
    assert made["translated_from"] == latin["translated_from"]
    signatories = made["letter"]["signatories"]
    assert {k: s["name"] for k, s in signatories.items()} == {
        k: s["name"] for k, s in latin["letter"]["signatories"].items()
    }
    assert made["dates"]["month_year"] == "{month} {year}"
    assert made["dates"]["months"][0] == ATTESTED["Januari"]


def test_the_hanifi_file_keeps_only_allowed_latin_words() -> None:
    made = tomllib.loads(transliterate_texts(_latin_file()))
    latin_word = re.compile(r"[A-Za-z\u00c0-\u024f]+")
    allowed = {w for phrase in DEFAULT_KEEP_LATIN for w in latin_word.findall(phrase)}
    checked = 0
    for key, text in _strings(made):
        if key.startswith(("meta.", "translated_from.")):
            continue
        assert unicodedata.is_normalized("NFC", text), key
        words = set(latin_word.findall(re.sub(r"\{[a-z]+\}", "", text)))
        assert words <= allowed, (key, words - allowed)
        checked += 1
    assert checked > 50


def test_errors_in_a_file_name_the_key() -> None:
    broken = _latin_file().replace('district = "Milwaukee', 'district = "Taxi Milwaukee', 1)
    with pytest.raises(ValueError, match=r"^labels\.district: cannot transliterate 'x'"):
        transliterate_texts(broken)


def test_a_file_without_meta_is_refused() -> None:
    with pytest.raises(ValueError, match=r"\[meta\]"):
        transliterate_texts('[labels]\ndistrict = "ar"\n')


def test_command_line_writes_and_checks(tmp_path: Path) -> None:
    target = tmp_path / "rhg.toml"
    source = TEXTS / "rhg-Latn.toml"
    assert main([str(source), str(target), "--check"]) == 1  # missing target
    assert main([str(source), str(target)]) == 0
    assert target.read_text(encoding="utf-8") == transliterate_texts(_latin_file())
    assert main([str(source), str(target), "--check"]) == 0
    target.write_text(target.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    assert main([str(source), str(target), "--check"]) == 1


def _shape(value: object) -> object:
    if isinstance(value, dict):
        return {k: _shape(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_shape(v) for v in value]
    return type(value).__name__


def _strings(value: object, key: str = "") -> list[tuple[str, str]]:
    if isinstance(value, str):
        return [(key, value)]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in _strings(v, f"{key}.{k}" if key else k)]
    if isinstance(value, list):
        return [s for n, v in enumerate(value) for s in _strings(v, f"{key}[{n}]")]
    return []
