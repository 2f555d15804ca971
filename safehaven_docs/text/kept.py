"""Set paragraphs kept on disk, so that a new process renders its first document without
shaping and breaking every paragraph again.

A command that renders one poster is a new process each time, and most of its layout
work is :func:`~safehaven_docs.text.typeset.typeset`: itemizing, shaping, breaking and
placing every paragraph, the same paragraphs at the same widths as last time. Inside
:func:`keeping`, ``typeset`` first looks in a bundle of set paragraphs read once from
:mod:`safehaven_docs.cache`; on leaving, the paragraphs the document used are written
back as one bundle, if any of them had to be set (or the bundle held others).

- Each paragraph is found by everything its setting depends on: its text, language,
  script and direction, the width and the style. The bundle's own key adds this
  package's code, its fonts and the shaping libraries (``cache.key``), so a changed
  engine never finds an old answer; a changed text is simply not found, and set.
- The stored form is plain :mod:`marshal` data (numbers, strings, tuples; a face by
  its key) behind a checksum: restored paragraphs equal freshly set ones value for
  value, so a PDF's bytes are the same with the bundle, without it, or with a damaged
  one (then everything is set again).
- Only a process's first document uses a bundle: a process that renders more has the
  paragraphs documents share in its memory already (``typeset``'s own cache), and a
  pack build would otherwise write a bundle per document.
- A layout that searched for its size (no fitted size in the cache yet) set each
  paragraph at a dozen sizes; it writes no bundle (:func:`unsettled`), and the next
  process, which builds at the size found, writes one of what it used.
"""

from __future__ import annotations

import marshal
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from .. import cache
from .boxes import Line, PlacedGlyph, PlacedRun, TypesetParagraph
from .fonts import FontError, font_library

if TYPE_CHECKING:
    from .typeset import Paragraph, TextStyle

KIND = "typeset"
#: Raise it when the stored form changes.
FORMAT = 1
#: A poster's paragraphs at one size take about 0.1–0.5 MB; more is not a bundle of ours.
MAX_BYTES = 32 * 1024 * 1024

Setter = Callable[["Paragraph", float, "TextStyle"], TypesetParagraph]


class _Bundle:
    """The paragraphs of one document: those read from disk, and those used since."""

    def __init__(self, entry: str, stored: dict[str, tuple]) -> None:
        self.entry = entry
        self.stored = stored
        self.used: dict[str, TypesetParagraph] = {}
        self.kept: dict[str, tuple] = {}
        self.missed = False
        self.settled = True

    def typeset(self, paragraph: Paragraph, width: float, style: TextStyle,
                setter: Setter) -> TypesetParagraph:
        # A text that carries more than its characters (a draft notice's spans in another
        # language, in its instance dictionary) is told apart by that too.
        key = repr((paragraph.text, getattr(paragraph.text, "__dict__", None),
                    paragraph.language, paragraph.script, paragraph.rtl, width, style.size,
                    style.align.value, style.bold, style.leading, style.headline))
        found = self.used.get(key)
        if found is not None:
            return found
        stored = self.stored.get(key)
        if stored is not None:
            try:
                found = _restored(stored, unicodedata.normalize("NFC", paragraph.text))
            except (ValueError, TypeError, KeyError, IndexError, FontError):
                found = None  # damaged (the checksum passed): set it again
        if found is None or stored is None:
            found = setter(paragraph, width, style)
            self.missed = True
            stored = _kept(found)
        self.used[key] = found
        self.kept[key] = stored
        return found

    def close(self) -> None:
        """Write what the document used, if it differs from what was read."""
        if not self.settled or (not self.missed and len(self.kept) == len(self.stored)):
            return
        try:
            data = marshal.dumps((FORMAT, self.kept))
        except ValueError:
            return
        if len(data) <= MAX_BYTES:
            cache.store_bytes(KIND, self.entry, data)


_current: list[_Bundle] = []
_first_done = False


@contextmanager
def keeping(*parts: str) -> Iterator[None]:
    """Within, paragraphs come from (and go to) the bundle of the document ``parts`` name.

    Only the first time in a process (see the module's docstring); nothing otherwise,
    and nothing when the cache is off.
    """
    global _first_done
    if _first_done or _current:
        yield
        return
    _first_done = True
    entry = cache.key(KIND, str(FORMAT), *parts)
    bundle = _Bundle(entry, _read(entry))
    _current.append(bundle)
    try:
        yield
    finally:
        _current.pop()
    bundle.close()


def typeset_with(paragraph: Paragraph, width: float, style: TextStyle,
                 setter: Setter) -> TypesetParagraph | None:
    """``paragraph`` set by the open bundle (from disk, or by ``setter``); None outside one."""
    if not _current:
        return None
    return _current[-1].typeset(paragraph, width, style, setter)


def unsettled() -> None:
    """Say that the open document searched for its size: its bundle is not written."""
    if _current:
        _current[-1].settled = False


def forget() -> None:
    """Let this process use a bundle again, as if it were new (tests, benchmarks)."""
    global _first_done
    _first_done = False


def _read(entry: str) -> dict[str, tuple]:
    raw = cache.load_bytes(KIND, entry, MAX_BYTES)
    if raw is None:
        return {}
    try:
        version, stored = marshal.loads(raw)
    except (EOFError, ValueError, TypeError):
        return {}
    return stored if version == FORMAT and isinstance(stored, dict) else {}


def _kept(paragraph: TypesetParagraph) -> tuple:
    """``paragraph`` as marshal keeps it: tuples of numbers and strings, faces by key."""
    # The paragraph's own text is not kept: it is its input's, as the setter gives it.
    lines = tuple((tuple((run.face.key, run.size, run.x, run.width,
                          tuple(map(tuple, run.glyphs)), run.text, run.start, run.end, run.level)
                         for run in line.runs),
                   line.x, line.width, line.baseline, line.ascent, line.descent, line.text,
                   line.start, line.end) for line in paragraph.lines)
    return (lines, paragraph.width, paragraph.height, paragraph.rtl, paragraph.size,
            paragraph.language, str(paragraph.text), paragraph.pitch)


def _restored(raw: tuple, text: str) -> TypesetParagraph:
    """The paragraph :func:`_kept` stored, whose text (as set) is ``text``: the very object
    the setter would give it, which may carry more than its characters.

    Raises ValueError, TypeError, KeyError, IndexError or FontError on data it did not
    store.
    """
    faces = font_library().by_key
    glyph = PlacedGlyph._make
    lines_raw, width, height, rtl, size, language, stored_text, pitch = raw
    if stored_text != str(text):
        raise ValueError("the paragraph kept has another text")
    lines = []
    for runs_raw, x, line_width, baseline, ascent, descent, line_text, start, end in lines_raw:
        runs = tuple(PlacedRun(faces(key), run_size, run_x, run_width,
                               tuple(map(glyph, glyphs)), run_text, run_start, run_end, level)
                     for (key, run_size, run_x, run_width, glyphs, run_text, run_start, run_end,
                          level) in runs_raw)
        lines.append(Line(runs, x, line_width, baseline, ascent, descent, line_text, start,
                          end))
    return TypesetParagraph(tuple(lines), width, height, rtl, size, language, text, pitch)
