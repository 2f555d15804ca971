"""The translation workflow: exchange files with translators, review records, review sheets.

Translators and reviewers work in CAT tools (Trados, memoQ, Phrase, Weblate,
Pootle) that read XLIFF 1.2 or PO, not our TOML files. This package turns a
language's texts into such a file (:mod:`.export`), reads the file a reviewer
returns back into the TOML file with the reviewer's approvals
(:mod:`.importing`), and sets a bilingual sheet for reviewing on paper
(:mod:`.review_sheet`). The formats themselves are read and written by
translate-toolkit (:mod:`.xliff`, :mod:`.po`); our code deals in plain
:class:`~.exchange.ExchangeFile` data.
"""
