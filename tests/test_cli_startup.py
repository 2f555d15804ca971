"""Ctrl-C while the command is still loading ends with one line, like a Ctrl-C later on."""

from __future__ import annotations

import argparse
import importlib.abc
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from safehaven_docs import entry


class _InterruptLoading(importlib.abc.MetaPathFinder):
    """Raises KeyboardInterrupt when the command line module is imported, as Ctrl-C would."""

    def find_spec(self, name: str, path: object, target: object = None) -> None:
        if name == "safehaven_docs.cli":
            raise KeyboardInterrupt


def test_ctrl_c_while_loading_is_a_message(monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delitem(sys.modules, "safehaven_docs.cli", raising=False)
    monkeypatch.setattr(sys, "meta_path", [_InterruptLoading(), *sys.meta_path])
    assert entry.main() == 130
    assert capsys.readouterr().err == "safehaven: interrupted\n"


def test_importing_the_package_loads_no_engine() -> None:
    """The package imports in an instant, so only the console script's guarded import is slow."""
    code = ("import sys, safehaven_docs\n"
            "heavy = [m for m in ('icu', 'uharfbuzz', 'reportlab', 'safehaven_docs.model')"
            " if m in sys.modules]\n"
            "print(heavy)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"


class _Held:
    pass


def _interrupt(_: object) -> None:
    raise KeyboardInterrupt


@pytest.mark.parametrize("command", ["goes on", "returns", "fails"])
def test_a_ctrl_c_python_could_not_raise_where_it_landed_ends_the_one_line_way(
        command: str, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """A Ctrl-C inside a weak reference's callback (seen once, in the import system's
    module locks, under load) was printed as "Exception ignored" with a traceback, and
    lost. It is sent again, and the command ends as any interrupted one: in the command
    if it is still running, else as it returns; a command that fails keeps its error,
    and the interrupt sent again does not escape after it."""
    import weakref

    import safehaven_docs.cli as cli

    def run() -> int:
        held = _Held()
        reference = weakref.ref(held, _interrupt)
        del held  # the callback runs here; Python cannot raise what it raises
        deadline = time.monotonic() + (10.0 if command == "goes on" else 0.0)
        while time.monotonic() < deadline:
            pass
        if command == "fails":
            raise SystemExit(2)
        return 0 if reference is not None else 1

    monkeypatch.setattr(cli, "main", run)
    monkeypatch.setattr(sys, "argv", ["safehaven", "languages"])
    hook = sys.unraisablehook
    started = time.monotonic()
    try:
        try:
            status = entry.main()
        except SystemExit as exc:
            status = exc.code
        time.sleep(0.1)  # where an interrupt that escaped main() would land
    except KeyboardInterrupt:
        pytest.fail("the Ctrl-C sent again escaped main()")
    assert time.monotonic() - started < 5.0
    assert sys.unraisablehook is hook
    err = capsys.readouterr().err
    assert "Traceback" not in err and "Exception ignored" not in err
    if command == "fails":
        assert status == 2
    else:
        assert status == 130
        assert err == "safehaven: interrupted\n"


@pytest.mark.parametrize("delay", [0.002, 0.05, 0.15, 0.3, 0.6])
def test_a_real_ctrl_c_at_any_moment_of_start_up_prints_no_traceback(delay: float) -> None:
    """Interrupted after the (instant) package import, at points through loading and running.

    Not at 0 s: the few microseconds between this test's own ``print`` and ``main``'s
    ``try`` belong to the test's wrapper, not to the program (a signal there is a
    traceback from the ``-c`` line, seen once under load).
    """
    process = subprocess.Popen(
        [sys.executable, "-c", "import sys; from safehaven_docs.entry import main; "
                               "print('ready', flush=True); sys.exit(main())", "languages"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None
    assert process.stdout.readline() == "ready\n"
    time.sleep(delay)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert "Traceback" not in err, err
    assert process.returncode in (0, 130, -signal.SIGINT), (process.returncode, err)


_RENDER = """
import sys
from safehaven_docs.cli import main
status = main(sys.argv[1:])
print(" ".join(name for name in ("uharfbuzz._harfbuzz", "icu._icu_", "safehaven_docs.text.setting")
               if name in sys.modules))
print("pillow loaded" if "PIL._imaging" in sys.modules else "pillow not loaded")
sys.exit(status)
"""


def _render_in_a_new_process(tmp_path: Path, *args: str, cache: Path | None = None
                             ) -> tuple[str, bytes]:
    return _render_loading(tmp_path, *args, cache=cache)[1:]


def _render_loading(tmp_path: Path, *args: str, cache: Path | None = None
                    ) -> tuple[str, str, bytes]:
    """What a new process's ``safehaven render`` loaded (the engine's libraries, Pillow)
    and wrote; with ``cache``, that folder is the cache on disk (else it is off)."""
    out = tmp_path / f"out-{len(list(tmp_path.iterdir()))}"
    env = {k: v for k, v in os.environ.items()
           if k not in ("SAFEHAVEN_NO_CACHE", "SAFEHAVEN_CACHE_DIR")}
    if cache is None:
        env["SAFEHAVEN_NO_CACHE"] = "1"
    else:
        env["SAFEHAVEN_CACHE_DIR"] = str(cache)
    done = subprocess.run([sys.executable, "-c", _RENDER, "render", *args, "--out", str(out)],
                          capture_output=True, text=True, check=True, env=env)
    engine, pillow = done.stdout.splitlines()[-2:]
    return engine, pillow, out.read_bytes()


@pytest.mark.parametrize("lang", ["en", "my", "rhg"])
def test_a_repeated_render_loads_no_text_engine_and_writes_the_same_bytes(
        tmp_path: Path, lang: str) -> None:
    """Once a poster's texts, size, paragraphs and fonts are in the cache on disk, a new
    process draws it without HarfBuzz, ICU or the engine's setting code (their loading
    is a good part of a cold render; a right-to-left page too: its direction for poppler
    is kept), and writes exactly what the API writes."""
    import safehaven_docs as sh

    cache = tmp_path / "cache"
    first, _, _ = _render_loading(tmp_path, "poster", "--lang", lang, cache=cache)
    assert "uharfbuzz._harfbuzz" in first.split()
    for _ in range(2):  # the first searches the size; the second keeps its paragraphs
        engine, _, pdf = _render_loading(tmp_path, "poster", "--lang", lang, cache=cache)
    assert engine == ""
    assert pdf == sh.render("poster", lang)


def test_a_render_loads_pillow_only_when_it_draws_with_it(tmp_path: Path) -> None:
    """A poster without a logo never imports Pillow's image code; with a logo, or as a
    PNG, it is loaded when used, and every output is the API's."""
    import safehaven_docs as sh

    loaded, pdf = _render_in_a_new_process(tmp_path, "poster", "--lang", "my")
    assert loaded == "pillow not loaded"
    assert pdf == sh.render("poster", "my")

    loaded, png = _render_in_a_new_process(tmp_path, "poster", "--lang", "en", "--format", "png")
    assert loaded == "pillow loaded"
    assert png == sh.render("poster", "en", fmt="png")

    from PIL import Image

    Image.new("RGB", (1500, 600), (11, 60, 93)).save(tmp_path / "logo.png", dpi=(300, 300))
    brand = tmp_path / "brand.toml"
    brand.write_text('logo = "logo.png"\n', encoding="utf-8")
    loaded, logo = _render_in_a_new_process(tmp_path, "letter", "--lang", "en",
                                            "--config", str(brand))
    assert loaded == "pillow loaded"
    assert logo == sh.render("letter", "en", branding=brand)


def test_the_parser_of_one_command_is_that_command_s_parser_in_the_whole() -> None:
    """A command line builds only the parser of the command it runs; each must be the one
    the whole program's parser holds (its help, its arguments), and the list of
    commands must be the program's."""
    from safehaven_docs import cli

    whole = cli._parser()
    (commands,) = [action for action in whole._actions
                   if isinstance(action, argparse._SubParsersAction)]
    assert tuple(commands.choices) == cli.COMMANDS
    for name in cli.COMMANDS:
        alone = cli._parser(cli._command_named(["--no-cache", name, "x"]))
        (own,) = [action for action in alone._actions
                  if isinstance(action, argparse._SubParsersAction)]
        assert list(own.choices) == [name]
        assert own.choices[name].format_help() == commands.choices[name].format_help()
    assert cli._command_named(["--help", "render"]) is None
    assert cli._command_named(["rendr"]) is None


_ENTRY = "import sys; from safehaven_docs.entry import main; sys.exit(main())"


def test_the_console_script_ends_with_its_output_its_status_and_any_exit_work(
        tmp_path: Path) -> None:
    """The console script may end its process without tearing the interpreter down; its
    printed lines (to a pipe), its exit status and its file are all there, and anything
    registered to run at exit still runs (then the process ends the normal way)."""
    env = {k: v for k, v in os.environ.items() if k != "SAFEHAVEN_CACHE_DIR"}
    env["SAFEHAVEN_NO_CACHE"] = "1"
    out = tmp_path / "poster.pdf"
    done = subprocess.run([sys.executable, "-c", _ENTRY, "render", "poster", "--lang", "en",
                           "--out", str(out)], capture_output=True, text=True, env=env)
    assert (done.returncode, done.stdout.strip()) == (0, f"wrote {out}")
    assert out.read_bytes().rstrip().endswith(b"%%EOF")

    refused = subprocess.run([sys.executable, "-c", _ENTRY, "render", "poster", "--lang",
                              "xx", "--out", str(tmp_path / "x.pdf")],
                             capture_output=True, text=True, env=env)
    assert refused.returncode == 2 and "unknown language 'xx'" in refused.stderr

    mark = tmp_path / "at-exit"
    script = (f"import atexit; atexit.register(lambda: open({str(mark)!r}, 'w').close()); "
              + _ENTRY)
    again = subprocess.run([sys.executable, "-c", script, "render", "poster", "--lang", "en",
                            "--out", str(tmp_path / "again.pdf")], capture_output=True,
                           text=True, env=env)
    assert again.returncode == 0 and mark.exists()


_COUNTING = ("import atexit, gc, sys\n"
             "from safehaven_docs.entry import main\n"
             "runs, inside = [], [True]\n"
             "gc.callbacks.append(lambda phase, info: phase == 'start' and inside[0]"
             " and runs.append(1))\n"
             "atexit.register(lambda: print('collections', len(runs), gc.isenabled()))\n"
             "status = main()\n"
             "inside[0] = False\n"
             "sys.exit(status)\n")


def test_a_render_runs_without_the_cycle_collector_and_other_commands_with_it(
        tmp_path: Path) -> None:
    """``render`` makes one document and ends: the collector's passes over every object
    would only cost time. A longer command (here ``check``) collects as usual."""
    env = {k: v for k, v in os.environ.items() if k != "SAFEHAVEN_CACHE_DIR"}
    env["SAFEHAVEN_NO_CACHE"] = "1"
    render = subprocess.run([sys.executable, "-c", _COUNTING, "render", "poster", "--lang",
                             "my", "--out", str(tmp_path / "p.pdf")],
                            capture_output=True, text=True, env=env, check=True)
    assert render.stdout.splitlines()[-1] == "collections 0 True"
    ending = ("import gc, os, sys\n"
              "from safehaven_docs import entry\n"
              "def ending(status):\n"
              "    print('collector', 'on' if gc.isenabled() else 'off', flush=True)\n"
              "    os._exit(status)\n"
              "entry._end_without_teardown = ending\n"
              "sys.exit(entry.main())\n")
    ended = subprocess.run([sys.executable, "-c", ending, "render", "poster", "--lang", "en",
                            "--out", str(tmp_path / "q.pdf")],
                           capture_output=True, text=True, env=env, check=True)
    # Switched on before the end, its first pass would look through everything the render made.
    assert ended.stdout.splitlines()[-1] == "collector off"
    check = subprocess.run([sys.executable, "-c", _COUNTING, "check"], capture_output=True,
                           text=True, env=env, check=True)
    runs = check.stdout.splitlines()[-1].split()
    assert runs[0] == "collections" and int(runs[1]) > 0 and runs[2] == "True"
