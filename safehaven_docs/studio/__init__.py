"""The studio: a small local web app where communications staff make any document.

``safehaven studio`` serves it on 127.0.0.1. The pieces, top-down:

- ``app.py``: the routes only (Starlette); every answer is a page, a file or JSON;
- ``catalog.py``: what there is to choose from (languages, the roster's sites,
  branding files), read on the server so no path ever comes from the browser;
- ``choices.py``: a request's query parameters checked into a plain ``Choice``,
  with plain-word errors, and safe ASCII download names;
- ``answers.py``: what the page and the API say (names, status, a preview's JSON);
- ``work.py``: the renders, run in a pool of worker processes and cached by input;
- ``server.py``: starting uvicorn, the warning for other hosts, ``--open``.

It calls the same public functions a district tool imports (``render``,
``build_pack``, ``preflight``); it has no document logic of its own.
"""
