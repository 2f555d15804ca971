"""Property tests: no input, however odd, makes the checker crash."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safehaven_docs import check_texts

ANCHOR = 'headline = "Esta escuela es un refugio seguro para todas las familias"'
SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SETTINGS
@given(value=st.text(max_size=40))
def test_any_headline_is_accepted_or_reported(texts_copy: Path, value: str) -> None:
    path = texts_copy / "es.toml"
    original = path.read_text(encoding="utf-8")
    try:
        escaped = json.dumps(value)
        path.write_text(
            original.replace(ANCHOR, f"headline = {escaped}"),
            encoding="utf-8",
            errors="surrogatepass",
        )
        report = check_texts(texts_copy)
        problems = report.all_problems()
        assert report.ok == (not any(p.is_error for p in problems))
        for problem in problems:
            assert problem.path is not None and problem.message
            if problem.is_error:
                assert problem.path.name == "es.toml"
    finally:
        path.write_text(original, encoding="utf-8")


@SETTINGS
@given(data=st.binary(max_size=200))
def test_any_bytes_as_a_text_file_are_reported_not_raised(texts_copy: Path, data: bytes) -> None:
    path = texts_copy / "so.toml"
    original = path.read_bytes()
    try:
        path.write_bytes(data)
        report = check_texts(texts_copy)
        assert not report.ok
        assert any(p.path == path and p.is_error for p in report.all_problems())
    finally:
        path.write_bytes(original)
