"""Ctrl-C while the command is still loading ends with one line, like a Ctrl-C later on."""

from __future__ import annotations

import importlib.abc
import signal
import subprocess
import sys
import time

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


@pytest.mark.parametrize("delay", [0.0, 0.05, 0.15, 0.3, 0.6])
def test_a_real_ctrl_c_at_any_moment_of_start_up_prints_no_traceback(delay: float) -> None:
    """Interrupted after the (instant) package import, at points through loading and running."""
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
