"""The text engine: Unicode in, shaped and placed lines out. No PDF or DOCX here."""
