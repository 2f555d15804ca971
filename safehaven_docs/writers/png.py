"""PNG previews of PDFs (PDFium through pypdfium2), and contact sheets."""

from __future__ import annotations

import io

import pypdfium2 as pdfium
from PIL import Image, ImageDraw


def page_images(pdf: bytes, dpi: float = 100.0) -> list[Image.Image]:
    """Every page of ``pdf`` rendered at ``dpi``."""
    document = pdfium.PdfDocument(pdf)
    try:
        return [page.render(scale=dpi / 72.0).to_pil().convert("RGB") for page in document]
    finally:
        document.close()


def side_by_side(images: list[Image.Image], gap: int = 16) -> Image.Image:
    """The pages next to each other on a grey ground, as one image."""
    width = sum(i.width for i in images) + gap * (len(images) + 1)
    height = max(i.height for i in images) + 2 * gap
    sheet = Image.new("RGB", (width, height), (200, 200, 200))
    x = gap
    for image in images:
        sheet.paste(image, (x, gap))
        x += image.width + gap
    return sheet


def png_bytes(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def preview_png(pdf: bytes, dpi: float = 100.0) -> bytes:
    """One PNG showing every page of ``pdf``."""
    return png_bytes(side_by_side(page_images(pdf, dpi)))


def contact_sheet(previews: list[tuple[str, Image.Image]], columns: int = 5,
                  thumb_height: int = 420) -> bytes:
    """Thumbnails with a caption each (ASCII labels: tag and English name)."""
    thumbs = [(label, _thumb(image, thumb_height)) for label, image in previews]
    cell_w = max(t.width for _, t in thumbs) + 24
    cell_h = thumb_height + 44
    rows = -(-len(thumbs) // columns)
    sheet = Image.new("RGB", (cell_w * min(columns, len(thumbs)), cell_h * rows), "white")
    draw = ImageDraw.Draw(sheet)
    for index, (label, thumb) in enumerate(thumbs):
        x, y = (index % columns) * cell_w + 12, (index // columns) * cell_h + 12
        sheet.paste(thumb, (x, y))
        draw.rectangle((x - 1, y - 1, x + thumb.width, y + thumb.height), outline=(150, 150, 150))
        draw.text((x, y + thumb.height + 8), label, fill=(0, 0, 0))
    return png_bytes(sheet)


def _thumb(image: Image.Image, height: int) -> Image.Image:
    width = max(1, round(image.width * height / image.height))
    return image.resize((width, height), Image.Resampling.LANCZOS)
