"""Pure geometry: paragraphs into blocks, blocks into pages. No drawing here."""
