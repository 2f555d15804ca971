"""The ``safehaven`` console script, kept apart from the command line it starts.

Loading the command line takes a moment (ICU, HarfBuzz, the PDF writer); a
Ctrl-C in that moment must end with the same one-line message as a Ctrl-C
later on, not a traceback of half-imported modules.
"""

from __future__ import annotations

import sys


def main() -> int:
    """Load the command line and run it; exit status 130 if interrupted outside a command."""
    try:
        from .cli import main as run

        return run()  # a command's own Ctrl-C is handled inside, after its clean-up
    except KeyboardInterrupt:
        sys.stderr.write("safehaven: interrupted\n")
        return 130
