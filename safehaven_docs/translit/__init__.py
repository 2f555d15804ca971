"""Transliteration between scripts of one language, so one text can feed two files."""
