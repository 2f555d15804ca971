"""District print packs: every school site's posters, letters and handouts from one call.

``roster`` reads the sites, ``plan`` decides the files (pure data), ``site``
builds one site's folder, ``build`` runs the whole pack through an executor
from ``executors`` and writes the district files from ``manifest``.
"""
