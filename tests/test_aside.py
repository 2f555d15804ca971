"""Work a first ``safehaven render`` hands to a second process: the texts' check, the fonts'
parse and the cache's writes. Only how soon the answer comes may change: the same bytes,
the same errors, nothing written when the texts are wrong, and the cache filled after."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

import safehaven_docs as sh
from tests.conftest import replace_in

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="work goes to a child only where processes fork")

_ENTRY = "import sys; from safehaven_docs.entry import main; sys.exit(main())"


def _python(script: str, *args: str, env: dict[str, str] | None = None
            ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(script), *args],
                          capture_output=True, text=True, env=env, timeout=120)


def _eventually(found: callable, seconds: float = 20.0) -> bool:  # type: ignore[valid-type]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if found():
            return True
        time.sleep(0.05)
    return found()


def test_work_beside_runs_in_a_child_and_says_whether_it_returned(tmp_path: Path) -> None:
    """Off (as in any program that imports the package) nothing forks; on, the work runs in
    another process, and one that raises or dies is reported as not done."""
    done = _python(f"""
        import os, sys
        from safehaven_docs import aside
        mark = {str(tmp_path / "pid")!r}
        print("off", aside.beside(lambda: None))
        aside.enable()
        pending = aside.beside(lambda: open(mark, "w").write(str(os.getpid())))
        print("ran", pending.succeeded(), pending.succeeded())
        print("elsewhere", open(mark).read() != str(os.getpid()))
        def fails():
            raise ValueError("no")
        print("raised", aside.beside(fails).succeeded())
        print("died", aside.beside(lambda: os._exit(0)).succeeded())
        print("printed", aside.beside(lambda: print("from the child")).succeeded())
        """)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:6] == [
        "off None", "ran True True", "elsewhere True", "raised False", "died False",
        "printed True"]
    assert "from the child" not in done.stdout + done.stderr  # a child never prints


def test_later_waits_for_the_end_and_then_outlives_the_command(tmp_path: Path) -> None:
    """Off, a kept write runs at once; on, at :func:`finish`, in a child the command does not
    wait for (nor does a reader of its output): it lands after the command has ended."""
    first, second = tmp_path / "first", tmp_path / "second"
    started = time.monotonic()
    done = _python(f"""
        import time
        from safehaven_docs import aside
        aside.later(lambda: open({str(first)!r}, "w").close())
        print("at once", __import__("os").path.exists({str(first)!r}))
        aside.enable()
        def slow():
            time.sleep(1.5)
            open({str(second)!r}, "w").close()
        aside.later(slow)
        aside.finish()
        print("ended")
        """)
    took = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["at", "once", "True", "ended"]
    assert took < 1.4, took  # the pipe closed without waiting for the child
    assert not second.exists()
    assert _eventually(second.exists)


def _env(cache: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "SAFEHAVEN_NO_CACHE"}
    env["SAFEHAVEN_CACHE_DIR"] = str(cache)
    return env


def test_a_first_render_checks_beside_it_and_fills_the_cache(tmp_path: Path) -> None:
    """The console script with nothing cached: the API's bytes, then the texts' verdict,
    every font's parse and the document's bundle in the cache, written by children."""
    cache = tmp_path / "cache"
    out = tmp_path / "poster.pdf"
    done = _python(_ENTRY, "render", "poster", "--lang", "my", "--out", str(out),
                   env=_env(cache))
    assert (done.returncode, done.stdout.strip(), done.stderr) == (0, f"wrote {out}", "")
    assert out.read_bytes() == sh.render("poster", "my")

    def kinds() -> set[str]:
        return {path.parent.parent.name for path in cache.rglob("*.*")
                if not path.name.startswith(".")}

    wanted = {"texts-checked", "reportlab-face", "document", "fitted"}
    assert _eventually(lambda: wanted <= kinds()), kinds()
    assert _eventually(lambda: len(list(cache.rglob("reportlab-face/*/*.bin"))) == 10)


@pytest.mark.parametrize(("doc", "old", "new"), [
    # Laid out without complaint; only the check sees it.
    ("digest", "{site}", "{sitio}"),
    # The layout fails first (no font has the character); the check's error is reported.
    ("poster", 'title = "', 'title = "\u0085'),
    # Every language's strings are drawn, and checked.
    ("multilingual", "{site}", "{sitio}"),
])
def test_a_first_render_of_wrong_texts_fails_as_before_and_writes_nothing(
        texts_copy: Path, tmp_path: Path, doc: str, old: str, new: str) -> None:
    """The check runs beside the layout, but its error is the one the API raises, and
    nothing is written (nor is a verdict kept)."""
    replace_in(texts_copy / "es.toml", old, new, count=1)
    with pytest.raises(sh.TextsError) as expected:
        sh.render(doc, "es", texts=texts_copy)
    cache = tmp_path / "cache"
    out = tmp_path / "out.pdf"
    done = _python(_ENTRY, "render", doc, "--lang", "es", "--texts", str(texts_copy),
                   "--out", str(out), env=_env(cache))
    assert done.returncode != 0
    assert str(expected.value).splitlines()[1] in done.stderr
    assert "Traceback" not in done.stderr
    assert not out.exists()
    time.sleep(0.5)
    assert not list(cache.rglob("texts-checked/*/*.json"))
