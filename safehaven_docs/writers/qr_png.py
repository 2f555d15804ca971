"""A QR code as a PNG image, for writers that place images rather than draw rectangles."""

from __future__ import annotations

import io

from ..layout.qr import QUIET_ZONE, qr_matrix

#: Pixels per module: sharp at 300 dpi for a code an inch wide.
PIXELS = 12


def qr_png(data: str) -> bytes:
    """The code of ``data`` as a black-and-white PNG with its quiet zone."""
    from PIL import Image

    matrix = qr_matrix(data)
    modules = len(matrix) + 2 * QUIET_ZONE
    image = Image.new("1", (modules, modules), 1)
    for row, cells in enumerate(matrix):
        for column, dark in enumerate(cells):
            if dark:
                image.putpixel((column + QUIET_ZONE, row + QUIET_ZONE), 0)
    image = image.resize((modules * PIXELS, modules * PIXELS), Image.Resampling.NEAREST)
    out = io.BytesIO()
    image.save(out, format="PNG", dpi=(300, 300))
    return out.getvalue()
