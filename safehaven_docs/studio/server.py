"""Starting the studio: checks before listening, the address to open, uvicorn.

By default the studio listens on 127.0.0.1 only, so nobody else on the
network can reach it, and it answers only requests addressed to this
computer by name (a web page elsewhere cannot talk to it through a look-alike
host name). Another ``--host`` is allowed, with a warning: the studio has no
log-in.
"""

from __future__ import annotations

import errno
import os
import socket
import sys
import threading
import webbrowser
from pathlib import Path

from ..errors import SafehavenError

DEFAULT_PORT = 8765
LOCAL_HOSTS = ("127.0.0.1", "localhost")


def serve(*, host: str = "127.0.0.1", port: int = DEFAULT_PORT, open_browser: bool = False,
          texts: Path | None = None, roster: Path | None = None,
          configs: list[Path] | None = None, jobs: int | None = None) -> int:
    """Run the studio until Ctrl-C; returns the exit status."""
    try:
        import uvicorn

        from .app import create_app
    except ImportError as exc:
        raise SafehavenError(f"the studio needs the studio extra ({exc.name} is missing): "
                             "pip install 'safehaven-docs[studio]'") from None
    from .catalog import Catalog
    from .work import Renders

    if not 0 < port < 65536:
        raise SafehavenError(f"--port {port}: give a port number from 1 to 65535")
    workers = jobs if jobs is not None else min(4, os.cpu_count() or 1)
    if not 1 <= workers <= 64:
        raise SafehavenError("--jobs must be a whole number from 1 to 64")
    catalog = Catalog(texts, roster, configs)
    _check_port(host, port)
    local = host in LOCAL_HOSTS
    if not local:
        print(f"safehaven: warning: the studio is open to every computer that can reach "
              f"{host}:{port}; it has no log-in, so anyone there can use it", file=sys.stderr)
    for problem in catalog.roster_problems[:5]:
        print(f"safehaven: roster row left out: {problem.splitlines()[0]}", file=sys.stderr)
    app = create_app(catalog, Renders(workers, texts),
                     allowed_hosts=list(LOCAL_HOSTS) if local else None)
    url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}/"
    print(f"Safe Haven studio: open {url} in a web browser. Press Ctrl-C here to stop it.",
          flush=True)
    if open_browser:
        threading.Timer(1.0, webbrowser.open, [url]).start()
    uvicorn.run(app, host=host, port=port, log_level="warning")
    return 0


def _check_port(host: str, port: int) -> None:
    """A port already in use is a sentence, not a server that starts and dies."""
    try:
        info = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except socket.gaierror:
        raise SafehavenError(f"--host {host}: not an address of this computer") from None
    with socket.socket(info[0], socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(info[4])
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise SafehavenError(f"port {port} is already in use (another studio?); "
                                     "choose another with --port") from None
            raise SafehavenError(f"cannot listen on {host}:{port} ({exc.strerror})") from None
