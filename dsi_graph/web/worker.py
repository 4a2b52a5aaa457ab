"""The gunicorn worker of the production server: gunicorn's threaded worker, two shortcuts on keep-alive.

1. Lingering: the stock worker hands a kept-alive connection back to its main thread's poller after every
   response, and to a pool thread again on the next request (two thread hand-offs and a pipe write each
   time). Here the thread that answered serves the next request itself when it arrives within
   ``LINGER_SECONDS``; a quiet connection goes back to the poller as before, so an idle client holds a thread
   for at most that long.
2. Cache hits without the WSGI stack: on a connection that already served a request, a plain HTTP/1.1 GET
   (no body, no conditional headers, no percent-escapes in the path, no repeated header) whose response is in
   the app's :class:`~dsi_graph.web.fastpath.FastPath` is answered from it directly: the same status, headers and
   body that gunicorn would write, with gunicorn's ``Server``, ``Date`` and ``Connection`` headers, and an
   access-log line in gunicorn's format. Anything else (or any doubt) goes through gunicorn unchanged.
"""

from __future__ import annotations

import select
import time
from typing import Any

from gunicorn import SERVER, util
from gunicorn.workers.gthread import ThreadWorker

from dsi_graph.web.fastpath import FastPath

LINGER_SECONDS = 0.02
_MAX_HEAD = 8192
_BAIL = (b"content-length", b"transfer-encoding", b"expect", b"connection", b"upgrade", b"if-none-match",
         b"if-modified-since", b"if-match", b"if-unmodified-since", b"if-range", b"range", b"content-type",
         b"http2-settings", b"x-forwarded-for", b"x-forwarded-proto", b"x-forwarded-protocol", b"x-forwarded-ssl",
         b"x-forwarded-host", b"forwarded")
_KEYED = {b"accept": 3, b"origin": 4, b"host": 5}


def parse_get(data: bytes) -> tuple[str, str, list[str | None], bytes] | None:
    """(path, query string, [accept, origin, host], request line) of one simple GET, or None when in doubt."""
    if not data.startswith(b"GET /") or not data.endswith(b"\r\n\r\n") or data.count(b"\r\n\r\n") != 1:
        return None
    lines = data[:-4].split(b"\r\n")
    parts = lines[0].split(b" ")
    if len(parts) != 3 or parts[2] != b"HTTP/1.1" or b"#" in parts[1]:
        return None
    path, _, query = parts[1].decode("latin-1").partition("?")
    if "%" in path:  # PATH_INFO is the unescaped path: leave that to gunicorn
        return None
    values: list[str | None] = [None, None, None]
    seen = set()
    for line in lines[1:]:
        name, sep, value = line.partition(b":")
        name = name.lower()
        if not sep or not name or name != name.strip() or name in seen or name in _BAIL or line[:1] in b" \t":
            return None
        seen.add(name)
        slot = _KEYED.get(name)
        if slot is not None:
            values[slot - 3] = value.strip(b" \t").decode("latin-1")
    if values[2] is None:
        return None
    return path, query, values, lines[0]


class LingeringThreadWorker(ThreadWorker):
    """gunicorn's ``gthread`` worker with lingering keep-alive and cache hits answered before the WSGI stack."""

    def _fastpath(self) -> FastPath | None:
        fast = getattr(self.wsgi, "extensions", {}).get("dsi_fastpath")
        return fast if isinstance(fast, FastPath) and fast.maxsize > 0 else None

    def _answer_hit(self, conn: Any) -> bool:
        """Answer the waiting request from the cache when it is a simple hit; False (bytes given back) if not."""
        fast = self._fastpath()
        unreader = conn.parser.unreader
        if fast is None or unreader.buf.getvalue():
            return False
        conn.sock.setblocking(True)
        data = conn.sock.recv(_MAX_HEAD)
        if not data:
            raise ConnectionResetError("client closed")
        parsed = parse_get(data)
        entry = None
        if parsed is not None:
            path, query, (accept, origin, host), line = parsed
            scheme = "https" if self.cfg.is_ssl else "http"
            entry = fast.lookup(("", path, query, accept, origin, host, scheme, None))
        if entry is None:
            unreader.unread(data)
            return False
        status, headers, body = entry
        head = [f"HTTP/1.1 {status}\r\nServer: {SERVER}\r\nDate: {util.http_date()}\r\nConnection: keep-alive\r\n"]
        head.extend(f"{k}: {v}\r\n" for k, v in headers)
        head.append("\r\n")
        conn.sock.sendall("".join(head).encode("latin-1") + body)
        if self.log.access_log_enabled:
            when = time.strftime("[%d/%b/%Y:%H:%M:%S %z]")
            self.log.access_log.info('%s - - %s "%s" %s %d "-" "-"', conn.client[0] if conn.client else "-", when,
                                     line.decode("latin-1"), status.split(" ")[0], len(body))
        return True

    def handle(self, conn: Any) -> Any:
        """Serve requests on ``conn`` while they come quickly (cache hits first); then stock keep-alive."""
        try:
            if self.alive and conn.initialized and not conn.is_http2 and self._answer_hit(conn):
                result: Any = True
            else:
                result = super().handle(conn)
            while result is True and self.alive:
                if not conn.parser.unreader.buf.getvalue():
                    ready, _, _ = select.select([conn.sock], [], [], LINGER_SECONDS)
                    if not ready:
                        break
                    if self._answer_hit(conn):
                        continue
                result = super().handle(conn)
            return result
        except OSError:
            return False
