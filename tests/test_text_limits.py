"""Oversized, endless or deeply nested text files cost a message, not minutes or gigabytes."""

from __future__ import annotations

import os
import resource
import time
from pathlib import Path

import pytest

from safehaven_docs import check_texts
from tests.conftest import replace_in


def _problems(folder: Path, name: str) -> list[str]:
    report = check_texts(folder)
    return [str(p) for p in report.all_problems() if p.path and p.path.name == name]


def _budget(folder: Path) -> tuple[float, float]:
    """Seconds and the growth of this process's peak memory (MB) for one check."""
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    check_texts(folder)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return time.perf_counter() - start, (peak - before) / 1024


def test_a_huge_file_is_refused_at_once(texts_copy: Path) -> None:
    with (texts_copy / "so.toml").open("a", encoding="utf-8") as stream:
        stream.write("# " + "x" * 2_000_000 + "\n")
    assert any("larger than" in p or "bytes" in p for p in _problems(texts_copy, "so.toml"))
    seconds, megabytes = _budget(texts_copy)
    assert seconds < 5 and megabytes < 500


def test_a_very_long_string_is_an_error_within_budget(texts_copy: Path) -> None:
    replace_in(texts_copy / "es.toml", 'headline = "', 'headline = "' + "palabra " * 100_000)
    assert any("characters long" in p for p in _problems(texts_copy, "es.toml"))
    seconds, megabytes = _budget(texts_copy)
    assert seconds < 5 and megabytes < 500


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_or_a_link_to_a_device_is_not_read(texts_copy: Path) -> None:
    os.mkfifo(texts_copy / "xx.toml")
    (texts_copy / "zz.toml").symlink_to("/dev/zero")
    start = time.perf_counter()
    assert any("not a regular file" in p for p in _problems(texts_copy, "xx.toml"))
    assert any("not a regular file" in p for p in _problems(texts_copy, "zz.toml"))
    assert time.perf_counter() - start < 10


def test_deep_nesting_is_a_problem_not_a_crash(texts_copy: Path) -> None:
    depth = 500
    (texts_copy / "deep.toml").write_text("x = " + "[" * depth + "]" * depth + "\n",
                                          encoding="utf-8")
    assert any("nested more than" in p for p in _problems(texts_copy, "deep.toml"))


def test_a_label_too_long_for_its_place_is_named_not_printed_off_the_sheet(
        texts_copy: Path) -> None:
    import re

    import safehaven_docs as sh

    path = texts_copy / "en.toml"
    text = path.read_text(encoding="utf-8")
    long_name = ("Milwaukee Public Schools District of the Greater Metropolitan Area " * 8).strip()
    path.write_text(re.sub(r'(district = ")[^"]*(")', lambda m: m[1] + long_name + m[2], text,
                           count=1), encoding="utf-8")
    with pytest.raises(sh.RenderError, match="too long for its place on the digest"):
        sh.render("digest", "en", texts=texts_copy)


def _page_with(*texts: tuple[float, float, str]) -> bytes:
    """A 200 pt square page with each text drawn at its (x, y)."""
    import io

    from reportlab.pdfgen.canvas import Canvas

    stream = io.BytesIO()
    canvas = Canvas(stream, pagesize=(200, 200))
    for x, y, text in texts:
        canvas.drawString(x, y, text)
    canvas.save()
    return stream.getvalue()


def test_preflight_finds_text_set_off_the_page() -> None:
    from safehaven_docs.preflight import preflight

    report = preflight(_page_with((20, 100, "inside"), (20, 260, "above the page")))
    assert any("outside the page" in p for p in report.problems)
    assert report.pages[0].text_outside == 1


def test_preflight_finds_text_that_starts_inside_but_runs_off_the_page() -> None:
    from safehaven_docs.preflight import preflight

    pdf = _page_with((20, 100, "inside"), (150, 50, "runs off the right edge"))
    report = preflight(pdf)
    assert report.pages[0].text_outside == 0, "every run starts on the page"
    assert report.pages[0].glyphs_outside is not None and report.pages[0].glyphs_outside > 5
    assert any("running off the page" in p for p in report.problems)
    assert preflight(pdf, glyphs=False).pages[0].glyphs_outside is None
