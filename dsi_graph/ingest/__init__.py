"""Ingest documents: read a file, recognise what the graph knows, propose reviewed records with evidence.

``readers`` turns PDF, HTML, Markdown and plain text into a :class:`~dsi_graph.ingest.readers.Document` (text plus
page offsets); ``interventions`` and ``meetings`` read what meeting reports state; ``proposals`` turns it all into
``mentions`` and ``proposals`` (the JSON shape of ``data/README.md``, "Ingesting a document"); ``review`` writes
accepted proposals into ``data/``; ``commands`` holds the ``ingest`` and ``review`` click commands.
"""
