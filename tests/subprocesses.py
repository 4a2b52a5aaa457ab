"""Child processes of the tests (servers, engines) die with the test run, even when it is killed."""

from __future__ import annotations

import ctypes
import signal

PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """``preexec_fn`` for ``subprocess.Popen``: the kernel sends SIGTERM to the child when the test run exits.

    Fixtures stop their servers in teardown; this covers the run being killed (a CI or shell time limit), which
    would otherwise leave gunicorn, oxigraph or Virtuoso running with nobody to stop them.
    """
    libc = ctypes.CDLL("libc.so.6", use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
