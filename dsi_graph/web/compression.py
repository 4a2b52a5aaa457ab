"""Responses compressed by ``Accept-Encoding``: brotli or gzip with flask-compress, dumps sent precompressed.

- :func:`init_app` registers flask-compress for the app: HTML, JSON, XML, CSS, JavaScript, every RDF and SPARQL
  results type of :mod:`dsi_graph.rdf.formats`; bodies under ``MIN_SIZE`` bytes stay as they are (the headers
  would outweigh the gain); every answer says ``Vary: Accept-Encoding``; an ETag gets the encoding appended, so a
  cache never mixes the encodings. Streamed answers (the dumps) are never compressed on the fly.
- :func:`send_precompressed` sends a dump: ``NAME.br`` or ``NAME.gz`` written by the build
  (:mod:`dsi_graph.build.precompress`) with ``Content-Encoding`` when the client accepts that encoding, else
  the plain file.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask, Response, request, send_file
from flask_compress import Compress

from dsi_graph.rdf.formats import ALL_TYPES

MIN_SIZE = 500
TEXT_TYPES = ("text/html", "text/css", "text/plain", "text/javascript", "application/javascript",
              "application/json", "application/xml", "text/xml", "image/svg+xml", "application/manifest+json")
ENCODINGS = (("br", ".br"), ("gzip", ".gz"))  # the server's preference when the client weighs them alike


def init_app(app: Flask) -> None:
    """Compress the app's answers by Accept-Encoding (flask-compress)."""
    app.config.update(
        COMPRESS_MIMETYPES=sorted({*TEXT_TYPES, *ALL_TYPES}),
        COMPRESS_ALGORITHM=[name for name, _ in ENCODINGS],
        COMPRESS_MIN_SIZE=MIN_SIZE,
        COMPRESS_BR_LEVEL=4,
        COMPRESS_LEVEL=6,
        COMPRESS_STREAMS=False,
    )
    Compress(app)
    app.after_request(_no_content_no_type)  # runs before flask-compress's own (Flask runs them last first)


def _no_content_no_type(response: Response) -> Response:
    """A 204 has no body: no Content-Type either, so flask-compress leaves it alone (it would encode nothing)."""
    if response.status_code == 204:
        response.headers.pop("Content-Type", None)
    return response


def send_precompressed(path: Path, mimetype: str, max_age: int) -> Response:
    """The file at ``path``, or its precompressed twin in an encoding the request accepts."""
    accepted = request.accept_encodings
    best = max(((accepted[name], -rank, name, suffix) for rank, (name, suffix) in enumerate(ENCODINGS)
                if accepted[name] > 0 and path.with_name(path.name + suffix).is_file()), default=None)
    if best is None:
        response = send_file(path, mimetype=mimetype, conditional=True, max_age=max_age)
    else:
        _, _, name, suffix = best
        response = send_file(path.with_name(path.name + suffix), mimetype=mimetype, conditional=True,
                             max_age=max_age)
        response.headers["Content-Encoding"] = name
    response.vary.add("Accept-Encoding")
    return response
