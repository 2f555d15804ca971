"""The Zawgyi check scores text as myanmar-tools' detector does, to the last bit.

``strings.zawgyi_probability`` looks characters up in a table instead of asking the
detector to bisect its model for each; the verdict of ``safehaven check`` (and of every
render) must not move by one ulp.
"""

from __future__ import annotations

import math
import tomllib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safehaven_docs.model import strings
from safehaven_docs.resources import default_texts_dir


def _same(ours: float, theirs: float) -> bool:
    return ours == theirs or (math.isnan(ours) and math.isnan(theirs))


ZAWGYI = "ေက်ာင္းသားမ်ား၏ ေဘးကင္းလံုျခံဳေရး"


@pytest.mark.parametrize("tag", ["my", "ksw"])
def test_every_shipped_myanmar_script_string_scores_as_the_detector_scores_it(tag: str) -> None:
    detector = strings._zawgyi_detector()
    data = tomllib.loads((default_texts_dir() / f"{tag}.toml").read_text(encoding="utf-8"))
    texts = [*(text for _, text in strings.walk_strings(data)), ZAWGYI, "", "abc", "\u1000"]
    for text in texts:
        assert _same(strings.zawgyi_probability(text), detector.get_zawgyi_probability(text))
    assert strings.zawgyi_probability(ZAWGYI) >= strings.ZAWGYI_THRESHOLD


#: The model's own blocks (Myanmar, Extended-A and B, the spaces it knows), neighbours
#: it does not know, and Latin.
_CHARACTERS = st.one_of(
    st.characters(min_codepoint=0x1000, max_codepoint=0x109F),
    st.characters(min_codepoint=0xA9E0, max_codepoint=0xAA7F),
    st.characters(min_codepoint=0x2000, max_codepoint=0x200D),
    st.sampled_from(" .,-\u00a0\u2060abcXYZ0123456789"),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_CHARACTERS, max_size=60).map("".join))
def test_any_text_scores_as_the_detector_scores_it(text: str) -> None:
    detector = strings._zawgyi_detector()
    assert _same(strings.zawgyi_probability(text), detector.get_zawgyi_probability(text))


def test_a_detector_that_keeps_its_model_otherwise_is_asked_itself(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(strings, "_zawgyi_scoring", lambda: None)
    assert strings.zawgyi_probability(ZAWGYI) == \
        strings._zawgyi_detector().get_zawgyi_probability(ZAWGYI)
