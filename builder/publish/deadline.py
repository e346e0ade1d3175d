"""A deadline for a whole HTTP request, where a socket's timeout bounds only each read.

A server that sends one byte every few seconds never lets a read wait as long
as its timeout, so a request made with a timeout alone lasts as long as the
server likes. Here a timer shuts down the socket of every connection the
request opened when the time is up, whatever the request is doing then
(sending its body, waiting for the reply, reading a reply that trickles in,
through the response object that urllib detaches from the connection):
the blocked call returns at once with an error, and :attr:`Deadline.expired`
tells that error from any other. Connecting is bounded by the socket's timeout,
which the caller sets to the same number of seconds; so is a TLS handshake,
during which the socket is not reachable from here.
"""

from __future__ import annotations

import http.client
import socket
import threading
import urllib.request
from functools import partial
from types import TracebackType
from typing import Any


class Deadline:
    """``with Deadline(seconds) as deadline:`` — requests made through ``deadline.opener()`` end by then."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._lock = threading.Lock()
        self._expired = False
        self._sockets: list[socket.socket] = []
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    @property
    def expired(self) -> bool:
        """Whether the time ran out before the block ended."""
        with self._lock:
            return self._expired

    def opener(self, *handlers: urllib.request.BaseHandler) -> urllib.request.OpenerDirector:
        """An opener (with ``handlers`` too) whose HTTP and HTTPS connections are cut when the time is up."""
        return urllib.request.build_opener(*handlers, _HTTPHandler(self), _HTTPSHandler(self))

    def watch(self, sock: socket.socket) -> None:
        """Cut the connection of ``sock`` when the time is up (at once, when it already is)."""
        with self._lock:
            self._sockets.append(sock)
            expired = self._expired
        if expired:
            _cut(sock)

    def _expire(self) -> None:
        with self._lock:
            self._expired = True
            sockets = list(self._sockets)
        for sock in sockets:
            _cut(sock)

    def __enter__(self) -> Deadline:
        self._timer.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._timer.cancel()


def _cut(sock: socket.socket) -> None:
    """Shut the connection of ``sock`` down, so that a call blocked on it returns.

    Once the socket is closed for good its descriptor is gone (-1), so this can never reach
    another socket that took the same number since.
    """
    try:
        # the plain socket's shutdown, also for a TLS socket: it only ends the stream under it, where
        # the TLS socket's own would also reset its state, under the feet of the call reading it
        socket.socket.shutdown(sock, socket.SHUT_RDWR)
    except OSError:
        pass  # closed already


class _WatchedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host: str, *, deadline: Deadline, **kwargs: Any) -> None:
        super().__init__(host, **kwargs)
        self._deadline = deadline

    def connect(self) -> None:
        super().connect()
        self._deadline.watch(self.sock)


class _WatchedHTTPSConnection(_WatchedHTTPConnection, http.client.HTTPSConnection):
    """The same watch over the socket under TLS (the watched connection's methods come first in the MRO)."""


class _HTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, deadline: Deadline) -> None:
        super().__init__()
        self._deadline = deadline

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(partial(_WatchedHTTPConnection, deadline=self._deadline), req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, deadline: Deadline) -> None:
        super().__init__()
        self._deadline = deadline

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(partial(_WatchedHTTPSConnection, deadline=self._deadline), req)
