"""The cache on disk saves a new process work, and never changes what it makes.

The answers it keeps (texts that checked clean, a poster's fitted body size,
ReportLab's parse of a font) are
looked up in a process whose own memory is empty; here that is either a new
process or this one with its in-memory caches cleared.
"""

from __future__ import annotations

import json
import marshal
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import safehaven_docs as sh
from safehaven_docs import bundles, cache
from safehaven_docs.layout.documents import poster
from safehaven_docs.model import loader
from safehaven_docs.text import kept, typeset
from tests.conftest import replace_in

#: One language of each script family the poster's search and the checks treat apart.
LANGUAGES = ("en", "ar", "my", "rhg")

#: Renders each poster in a new process and reports its hash and the work it did.
_SCRIPT = """
import hashlib, json, sys
from safehaven_docs.layout.documents import common
from safehaven_docs.model import loader
import safehaven_docs as sh
work = {"searches": 0, "checks": 0}
search, run = common.largest_on_grid, loader._Checker.run
def counted_search(*args, **kwargs):
    work["searches"] += 1
    return search(*args, **kwargs)
def counted_run(self):
    work["checks"] += 1
    return run(self)
common.largest_on_grid, loader._Checker.run = counted_search, counted_run
hashes = {lang: hashlib.sha256(sh.render("poster", lang)).hexdigest() for lang in sys.argv[1:]}
print(json.dumps({"hashes": hashes, **work}))
"""


def _fresh_process(folder: Path | None) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in (cache.ENV_OFF, cache.ENV_DIR)}
    if folder is None:
        env[cache.ENV_OFF] = "1"
    else:
        env[cache.ENV_DIR] = str(folder)
    done = subprocess.run([sys.executable, "-c", _SCRIPT, *LANGUAGES], env=env,
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def _entries(folder: Path) -> list[Path]:
    return sorted(path for suffix in ("*.json", "*.bin") for path in folder.rglob(suffix))


def _kind(folder: Path, kind: str) -> list[Path]:
    return [path for path in _entries(folder) if path.parent.parent.name == kind]


def test_a_new_process_gets_the_same_bytes_with_an_empty_a_full_or_a_damaged_cache(
        tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    without = _fresh_process(None)
    filling = _fresh_process(folder)
    assert filling["hashes"] == without["hashes"]
    assert len(_kind(folder, "fitted")) == len(LANGUAGES)
    assert _kind(folder, "texts-checked")
    assert _kind(folder, "reportlab-face")  # the fonts ReportLab parsed
    assert filling["checks"] == 2  # English's strings, then (asked for more) all

    filled = _fresh_process(folder)
    assert filled["hashes"] == without["hashes"]
    assert _kind(folder, "texts-parsed")  # the files, known correct, parsed once more
    assert (filled["searches"], filled["checks"]) == (0, 0)  # the work the cache saves

    damages = [b"", b"{", b"\x00\xff garbage", b'{"key": "another", "value": 12.0}', b"[]",
               b"[" * 50000]
    for number, path in enumerate(_entries(folder)):
        path.write_bytes(damages[number % len(damages)])
    damaged = _fresh_process(folder)
    assert damaged["hashes"] == without["hashes"]
    assert (damaged["searches"], damaged["checks"]) == (len(LANGUAGES), 2)


@pytest.fixture
def disk_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The cache on, in a folder of the test's own; this process's memory forgotten."""
    folder = tmp_path / "cache"
    monkeypatch.delenv(cache.ENV_OFF, raising=False)
    monkeypatch.setenv(cache.ENV_DIR, str(folder))
    forget()
    yield folder
    forget()


def forget() -> None:
    """Clear what this process remembers, as if it were new (the disk cache stays)."""
    poster.clear_caches()
    typeset.clear_caches()
    bundles.forget()
    loader._checked.cache_clear()
    loader._BUILT.clear()
    loader._SCOPE.clear()


def test_a_changed_text_is_checked_again_and_its_errors_reported(
        disk_cache: Path, texts_copy: Path) -> None:
    sh.load_texts(texts_copy)
    assert _entries(disk_cache)
    forget()
    replace_in(texts_copy / "es.toml", "{site}", "{sitio}")
    with pytest.raises(sh.TextsError, match=r"es\.toml.*placeholders differ"):
        sh.load_texts(texts_copy)


def test_a_stored_size_that_does_not_fit_is_searched_again(disk_cache: Path) -> None:
    expected = sh.render("poster", "so")
    (entry,) = _kind(disk_cache, "fitted")
    stored = json.loads(entry.read_text(encoding="utf-8"))
    entry.write_text(json.dumps({**stored, "value": stored["value"] * 1.5}), encoding="utf-8")
    forget()
    assert sh.render("poster", "so") == expected


def test_an_edited_poster_text_gets_its_own_size(disk_cache: Path, texts_copy: Path) -> None:
    """A stale answer is never used: a longer text is a new key, and a new search."""
    sh.render("poster", "en", texts=texts_copy)
    replace_in(texts_copy / "en.toml", "safe haven", "safe haven " + "and welcome " * 40)
    forget()
    from_cache = sh.render("poster", "en", texts=texts_copy)
    forget()
    cache.set_disabled(True)
    try:
        assert sh.render("poster", "en", texts=texts_copy) == from_cache
    finally:
        cache.set_disabled(False)


def test_an_unwritable_cache_costs_nothing_but_time(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_bytes(b"not a folder")
    monkeypatch.delenv(cache.ENV_OFF, raising=False)
    monkeypatch.setenv(cache.ENV_DIR, str(blocked / "cache"))
    forget()
    cache.store("fitted", "k" * 64, 12.5)
    assert cache.load("fitted", "k" * 64) is None
    assert sh.render("poster", "en").startswith(b"%PDF")
    forget()


def test_keys_depend_on_every_part_and_on_the_code(monkeypatch: pytest.MonkeyPatch) -> None:
    assert cache.key("a", "bc") != cache.key("ab", "c")
    before = cache.key("a")
    assert cache.key("a") == before
    plain = cache.key_of_parts("a")
    monkeypatch.setattr(cache, "code_fingerprint", lambda: "another version of the code")
    assert cache.key("a") != before
    assert cache.key_of_parts("a") == plain  # a library's answer outlives an edit of ours
    assert cache.key_of_parts("a", "bc") != cache.key_of_parts("ab", "c")


def test_where_the_cache_lives(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(cache.ENV_OFF, raising=False)
    monkeypatch.delenv(cache.ENV_DIR, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    if sys.platform not in ("win32", "darwin"):
        assert cache.cache_dir() == tmp_path / "safehaven_docs"
    monkeypatch.setenv(cache.ENV_DIR, str(tmp_path / "mine"))
    assert cache.cache_dir() == tmp_path / "mine"
    monkeypatch.setenv(cache.ENV_OFF, "1")
    assert cache.cache_dir() is None


def test_the_command_line_can_leave_the_cache_alone(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from safehaven_docs.cli import main

    folder = tmp_path / "cache"
    monkeypatch.delenv(cache.ENV_OFF, raising=False)
    monkeypatch.setenv(cache.ENV_DIR, str(folder))
    forget()
    assert main(["--no-cache", "render", "poster", "--lang", "en",
                 "--out", str(tmp_path / "a.pdf")]) == 0
    assert not folder.exists()
    assert cache.cache_dir() == folder  # only for that command
    forget()
    assert main(["render", "poster", "--lang", "en", "--out", str(tmp_path / "b.pdf")]) == 0
    assert _entries(folder)
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()


#: Renders one document in a new process; reports its hash and the paragraphs it set.
_ONE = """
import hashlib, json, sys
from safehaven_docs.text import setting
from safehaven_docs.writers import pdf_text
import safehaven_docs as sh
setter, maker = setting.set_paragraph, pdf_text._make_plan
work = {"set": 0, "planned": 0}
def counted(*args):
    work["set"] += 1
    return setter(*args)
def planned(*args):
    work["planned"] += 1
    return maker(*args)
setting.set_paragraph, pdf_text._make_plan = counted, planned
data = sh.render(sys.argv[1], sys.argv[2])
print(json.dumps({"hash": hashlib.sha256(data).hexdigest(), **work}))
"""


def _one(folder: Path | None, doc: str, lang: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in (cache.ENV_OFF, cache.ENV_DIR)}
    if folder is None:
        env[cache.ENV_OFF] = "1"
    else:
        env[cache.ENV_DIR] = str(folder)
    done = subprocess.run([sys.executable, "-c", _ONE, doc, lang], env=env,
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


@pytest.mark.parametrize(("doc", "lang"), [("poster", "my"), ("poster", "rhg"),
                                           ("letter", "ar"), ("digest", "ksw"),
                                           ("handout", "so")])
def test_a_new_process_takes_its_paragraphs_and_line_plans_from_the_cache(
        tmp_path: Path, doc: str, lang: str) -> None:
    """A poster's, digest's or handout's first process searches its size and keeps what
    the layout at the size found set and planned (none of the paragraphs set at the dozen
    sizes tried); from then on a process sets no paragraph (the draft notice included)
    and plans no line, and makes the same bytes."""
    folder = tmp_path / "cache"
    without = _one(None, doc, lang)
    runs = [_one(folder, doc, lang) for _ in range(3)]
    assert all(run["hash"] == without["hash"] for run in runs)
    assert runs[0]["set"] > 0 and _kind(folder, "document")
    assert (runs[1]["set"], runs[1]["planned"]) == (0, 0)
    assert (runs[2]["set"], runs[2]["planned"]) == (0, 0)

    for path in _kind(folder, "document"):
        path.write_bytes(path.read_bytes()[:-40])  # truncated: fails its checksum
    damaged = _one(folder, doc, lang)
    assert damaged["hash"] == without["hash"] and damaged["set"] > 0


def test_a_kept_paragraph_comes_back_equal_in_every_script(disk_cache: Path) -> None:
    from safehaven_docs.layout.documents.common import Notice
    from safehaven_docs.text.boxes import Align
    from safehaven_docs.text.typeset import Paragraph, TextStyle

    texts = sh.load_texts()
    styles = [TextStyle(11.0), TextStyle(14.0, Align.JUSTIFY), TextStyle(30.0, Align.CENTER,
                                                                         bold=True)]
    for language in texts:
        script, rtl = language.meta.script, language.meta.direction.value == "rtl"
        for text in (language.resolution.title, language.resolution.preamble[0], ""):
            for style in styles:
                paragraph = Paragraph(text, language.tag, script, rtl)
                fresh = typeset.typeset(paragraph, 300.0, style)
                restored = kept._restored(kept._kept(fresh), fresh.text)
                assert restored == fresh
    notice = Notice("Draft · Borrador", ((0, 5, "en"),))
    paragraph = Paragraph(notice, "es", "Latn", False)
    fresh = typeset.typeset(paragraph, 200.0, styles[0])
    restored = kept._restored(kept._kept(fresh), fresh.text)
    assert restored == fresh and restored.text.spans == notice.spans  # type: ignore[attr-defined]


def test_a_paragraph_kept_for_another_text_is_not_taken(disk_cache: Path) -> None:
    from safehaven_docs.text.typeset import Paragraph, TextStyle

    fresh = typeset.typeset(Paragraph("Safe haven", "en", "Latn", False), 300.0,
                            TextStyle(12.0))
    with pytest.raises(ValueError):
        kept._restored(kept._kept(fresh), "Another text")


def _count_drawing(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Counts of lines added again from the bundle ("again"), kept ones not taken because a
    code differed ("refused") and lines planned and encoded ("encoded")."""
    from safehaven_docs.writers import pdf_text

    counts = {"again": 0, "refused": 0, "encoded": 0}
    again, encode = pdf_text._drawn_again, pdf_text._draw_line

    def counted_again(*args: Any) -> bool:
        done = again(*args)
        counts["again" if done else "refused"] += 1
        return done

    def counted_encode(*args: Any) -> None:
        counts["encoded"] += 1
        encode(*args)

    monkeypatch.setattr(pdf_text, "_drawn_again", counted_again)
    monkeypatch.setattr(pdf_text, "_draw_line", counted_encode)
    return counts


def _without_cache(doc: str, lang: str) -> bytes:
    cache.set_disabled(True)
    try:
        return sh.render(doc, lang)
    finally:
        cache.set_disabled(False)


@pytest.mark.parametrize(("doc", "lang"), [("poster", "rhg"), ("letter", "ar"),
                                           ("multilingual", "en")])
def test_lines_added_again_from_the_bundle_make_the_bytes_of_an_encoding(
        disk_cache: Path, monkeypatch: pytest.MonkeyPatch, doc: str, lang: str) -> None:
    """Hanifi (invisible layer and poppler's copy), Arabic and the multilingual poster's
    every script: the third render in a fresh state adds every line's kept operators, in
    this process, whose codes of ours are other numbers than when they were kept, and
    makes the bytes of a render that encodes every glyph."""
    expected = _without_cache(doc, lang)
    counts = _count_drawing(monkeypatch)
    for _ in range(3):  # the size searched; the bundle written; every line added again
        forget()
        counts.update(again=0, refused=0, encoded=0)
        assert sh.render(doc, lang) == expected
    assert counts["again"] > 0 and (counts["refused"], counts["encoded"]) == (0, 0)


def test_a_kept_line_whose_codes_differ_is_encoded_again(
        disk_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A kept line whose codes are not the ones the document gives (here: made wrong, with
    operators that would change the bytes) is drawn by encoding its glyphs, with the
    bytes of an encoding, and kept anew."""
    expected = _without_cache("poster", "rhg")
    for _ in range(2):
        forget()
        sh.render("poster", "rhg")
    [path] = _kind(disk_cache, "document")
    raw = cache.load_bytes("document", path.stem, bundles.MAX_BYTES)
    assert raw is not None
    version, stored = marshal.loads(raw)
    drawings = stored["line-drawings"]
    for key, (template, calls, order, asked, codes) in drawings.items():
        wrong = (("/F99+0", "<FF>"), *codes[1:])
        drawings[key] = (template + "\nq Q", calls, order, asked, wrong)
    cache.store_bytes("document", path.stem, marshal.dumps((version, stored)))

    counts = _count_drawing(monkeypatch)
    forget()
    assert sh.render("poster", "rhg") == expected
    assert counts["again"] == 0 and counts["refused"] == counts["encoded"] == len(drawings)
    forget()
    counts.update(again=0, refused=0, encoded=0)
    assert sh.render("poster", "rhg") == expected
    assert (counts["again"], counts["encoded"]) == (len(drawings), 0)


def test_renders_in_two_threads_keep_to_their_own_bundle(disk_cache: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """A pack renders in threads: only the thread that opened the process's bundle uses it,
    and every document is the one a render without the cache makes.

    Which thread comes first differs from run to run, so the test counts the bundles opened
    rather than expecting one language's."""
    from concurrent.futures import ThreadPoolExecutor

    opened: list[str] = []

    class Counted(bundles.Bundle):
        def __init__(self, entry: str, stored: dict[str, dict[str, Any]]) -> None:
            opened.append(entry)
            super().__init__(entry, stored)

    monkeypatch.setattr(bundles, "Bundle", Counted)
    cache.set_disabled(True)
    try:
        expected = {lang: sh.render("poster", lang) for lang in ("en", "my")}
    finally:
        cache.set_disabled(False)
    for round_ in range(1, 3):  # a bundle written, then one read (or the other written)
        forget()
        with ThreadPoolExecutor(2) as pool:
            made = dict(zip(expected, pool.map(lambda lang: sh.render("poster", lang),
                                               expected), strict=True))
        assert made == expected
        assert len(opened) == round_  # one bundle a process, however many threads render
    assert {path.stem for path in _kind(disk_cache, "document")} == set(opened)
