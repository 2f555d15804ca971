"""The district's branding: contact details, colours, web addresses, optional logo.

Read from a small TOML file (``--config FILE``); every key is optional and
defaults to Milwaukee Public Schools. Errors name the file, key and what to
write instead.

Two web addresses: ``url`` is the district's site (printed in the letterhead),
``translations_url`` the page with the resolution in every language, where the
QR code under "Scan to read this in other languages" and the printed link go.
A district that has no such page leaves it out and both go to ``url``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from msgspec import Struct
from msgspec.structs import fields

from .errors import SafehavenError
from .values import url_problems, value_problems

_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")
#: Keys holding a web address a QR code or a link may point to.
_URL_KEYS = ("url", "translations_url")


class Branding(Struct, frozen=True):
    """What documents print besides the translated texts."""

    phone: str = "(414) 475-8393"
    url: str = "https://mps.milwaukee.k12.wi.us"
    #: The page with the resolution in every language; None: the district's page (``url``).
    translations_url: str | None = None
    address: str = "5225 W. Vliet St., Milwaukee, WI 53208"
    primary_color: str = "#0B3C5D"
    accent_color: str = "#F2A900"
    #: The letters of the typographic mark drawn when there is no logo.
    monogram: str = "MPS"
    logo: Path | None = None

    @property
    def translations_page(self) -> str:
        """Where the QR code and the "other languages" link go."""
        return self.translations_url or self.url

    def rgb(self, name: str) -> tuple[float, float, float]:
        value: str = getattr(self, name)
        return tuple(int(value[i : i + 2], 16) / 255 for i in (1, 3, 5))  # type: ignore[return-value]


class BrandingError(SafehavenError):
    """The branding file is broken; the message says where and how to fix it."""


DEFAULT_BRANDING = Branding()


def load_branding(path: Path | str | None) -> Branding:
    """The branding in ``path``, or the defaults when ``path`` is None."""
    if path is None:
        return DEFAULT_BRANDING
    import tomllib  # only for a branding file: the defaults need no parser

    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise BrandingError(f"{path}: cannot read the branding file ({exc.strerror})") from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise BrandingError(f"{path}: not a valid UTF-8 TOML file: {exc}") from None
    table = data.get("branding", {k: v for k, v in data.items() if k != "pack"})
    if not isinstance(table, dict):
        raise BrandingError(f"{path} [branding]: must be one table: write [branding] on its own "
                            "line, then key = \"value\" lines (see examples/branding.toml)")
    return Branding(**_checked(table, path))


def _checked(table: dict[str, Any], path: Path) -> dict[str, Any]:
    known = {f.name for f in fields(Branding)}
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key not in known:
            raise BrandingError(f"{path} [{key}]: unknown key; known keys: "
                                f"{', '.join(sorted(known))}")
        if not isinstance(value, str) or not value.strip():
            raise BrandingError(f"{path} [{key}]: must be a non-empty string in double quotes")
        found = (url_problems(value.strip(), key) if key in _URL_KEYS
                 else value_problems(key, value))
        for problem in found:
            if problem.is_error:
                raise BrandingError(f"{path} [{key}]: {problem.message}; {problem.hint}")
        values[key] = value.strip()
    for key in ("primary_color", "accent_color"):
        if key in values and not _HEX.match(values[key]):
            raise BrandingError(f"{path} [{key}]: {values[key]!r} is not a colour; write it "
                                'as "#RRGGBB", e.g. "#0B3C5D"')
    if "logo" in values:
        logo = (path.parent / values["logo"]).resolve()
        if logo.suffix.lower() not in (".png", ".jpg", ".jpeg") or not logo.is_file():
            raise BrandingError(f"{path} [logo]: {values['logo']!r} is not a PNG or JPEG file "
                                "next to the branding file")
        _check_logo(path, logo)
        values["logo"] = logo
    return values


#: A logo is printed about an inch square: 20 MB and 25 megapixels are far more than enough.
MAX_LOGO_BYTES = 20 * 1024 * 1024
MAX_LOGO_PIXELS = 25_000_000


def _check_logo(path: Path, logo: Path) -> None:
    """The logo must be a whole PNG or JPEG image of a sensible size (read once, here)."""
    from PIL import Image, UnidentifiedImageError

    where = f"{path} [logo]"
    if logo.stat().st_size > MAX_LOGO_BYTES:
        raise BrandingError(f"{where}: the logo file is larger than "
                            f"{MAX_LOGO_BYTES // 2**20} MB; save a smaller copy")
    try:
        with Image.open(logo) as image:
            if image.format not in ("PNG", "JPEG"):
                raise BrandingError(f"{where}: {logo.name} is a {image.format} image, not PNG "
                                    "or JPEG; save it as PNG")
            if image.width * image.height > MAX_LOGO_PIXELS:
                raise BrandingError(f"{where}: the logo is {image.width}×{image.height} pixels; "
                                    f"at most {MAX_LOGO_PIXELS // 10**6} megapixels (an inch at "
                                    "300 dpi is 300 pixels)")
            image.load()  # a truncated file fails here, not in the PDF writer
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, SyntaxError):
        raise BrandingError(f"{where}: {logo.name} is not a readable PNG or JPEG image; "
                            "open it in an image program and save it again") from None
