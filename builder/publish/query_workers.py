"""SPARQL queries evaluated in worker processes, so that a query can be stopped when its time is up.

A query engine cannot be interrupted from outside while it evaluates, so the
endpoint does not run queries in its own process. When the server starts it
writes the data once as N-Quads to a temporary folder and starts a *template*:
a separate, single-threaded Python process that loads the data and then only
forks *workers* from itself when the server asks. A worker shares the loaded
data with the template (the pages are copied only if written to, and queries
do not write), starts in milliseconds, and answers one query at a time, in the
reply's final format. The server:

* kills a worker whose query outlives the time limit (SIGKILL: the engine
  stops at once, its memory is returned) and forks a fresh one in its place;
* kills it the same way when the client that asked goes away;
* caps each worker's address space (``RLIMIT_AS``): what it has at the fork,
  plus what a query may use on top of it. A query that needs more ends its
  worker, which is replaced; the client is told so;
* answers 503 with ``Retry-After`` when every worker is busy.

The template is the workers' parent, so only it kills them (by a request on its
control socket): it reaps its children itself, so the process id it kills
cannot belong to another process yet. A worker also stops itself a few seconds
after its deadline (``SIGALRM``, whose default action ends the process), and
when the server's end of its socket closes; the template ends when the
server's end of the control socket closes. So nothing outlives a killed server.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import queue
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from enum import Enum
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, NoReturn

from builder.errors import ServerError
from builder.publish.replies import Response
from builder.publish.sparql_results import QueryRequest, answer

#: how long a request waits for a free worker before it is answered 503
WAIT_FOR_WORKER = 1.0
#: how often a waiting request looks at its client and the clock
POLL_INTERVAL = 0.05
#: seconds the template gets to load the data and say it is ready
STARTUP_TIMEOUT = 120.0
#: seconds the template gets to fork a worker or kill one
CONTROL_TIMEOUT = 10.0
#: seconds after its deadline at which a worker the server did not stop ends itself
SELF_STOP_GRACE = 5.0
#: exit status of a worker that ran out of memory in Python code (the engine's own allocations abort it)
EXIT_OUT_OF_MEMORY = 3
#: the template's entry point: the server's import path, so that it imports the same package, and no more
_BOOT = ("import json, sys; sys.path[:] = json.loads(sys.argv[1]); "
         "from builder.publish.query_workers import template_main; template_main(sys.argv[2:])")


@dataclass(frozen=True)
class WorkerLimits:
    """What one query may take: seconds, rows (or triples), megabytes beyond the data, and reply bytes."""

    timeout: float
    max_rows: int
    memory_mb: int
    max_reply_bytes: int = 64 * 1024 * 1024


class Outcome(Enum):
    """How a query that got no reply ended."""

    TIMED_OUT = "timed out"
    CLIENT_GONE = "client gone"
    WORKER_DIED = "worker died"


class QueryWorker:
    """One worker process (a child of the template) and the server's end of the socket to it."""

    def __init__(self, pid: int, conn: Connection, template: WorkerTemplate) -> None:
        self.pid = pid
        self.conn = conn
        self.template = template

    def ask(self, request: QueryRequest, timeout: float, client_gone: Callable[[], bool]) -> Response | Outcome:
        """The worker's reply to ``request``, or how waiting for it ended."""
        deadline = time.monotonic() + timeout
        try:
            self.conn.send(request)
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return Outcome.TIMED_OUT
                if self.conn.poll(min(POLL_INTERVAL, remaining)):
                    reply = self.conn.recv()
                    return reply if isinstance(reply, Response) else Outcome.WORKER_DIED
                if client_gone():
                    return Outcome.CLIENT_GONE
        except (EOFError, OSError):
            return Outcome.WORKER_DIED

    def stop(self) -> None:
        """Kill the worker, whatever it is doing."""
        with contextlib.suppress(ServerError):
            self.template.kill(self.pid)
        with contextlib.suppress(OSError):
            self.conn.close()


class WorkerTemplate:
    """The process that holds the loaded data and forks query workers from itself."""

    def __init__(self, process: subprocess.Popen[bytes], control: socket.socket) -> None:
        self.process = process
        self.control = control
        self.lock = threading.Lock()

    @classmethod
    def start(cls, dump: Path, limits: WorkerLimits) -> WorkerTemplate:
        """A template with the data of ``dump`` loaded; :class:`ServerError` if it cannot start."""
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        try:
            process = subprocess.Popen(
                [sys.executable, "-c", _BOOT, json.dumps(sys.path), str(theirs.fileno()), str(dump),
                 json.dumps(asdict(limits))],
                pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
        except OSError as exc:
            ours.close()
            raise ServerError(f"cannot start the query workers: {exc}") from None
        finally:
            theirs.close()
        template = cls(process, ours)
        ours.settimeout(STARTUP_TIMEOUT)
        try:
            greeting = ours.recv(4096).decode("utf-8", errors="replace")
        except OSError as exc:
            greeting = str(exc)
        ours.settimeout(CONTROL_TIMEOUT)
        if greeting != "ready":
            template.stop()
            raise ServerError(f"cannot start the query workers: {greeting or 'the process ended'}")
        return template

    def fork(self) -> QueryWorker:
        """A new worker; :class:`ServerError` if the template does not make one."""
        with self.lock:
            try:
                self.control.sendall(b"fork")
                message, fds, _flags, _addr = socket.recv_fds(self.control, 256, 1)
            except OSError as exc:
                raise ServerError(f"the query worker template does not answer: {exc}") from None
        if not message.startswith(b"forked ") or len(fds) != 1:
            for fd in fds:
                os.close(fd)
            raise ServerError(f"the query worker template did not fork: {message.decode(errors='replace')}")
        return QueryWorker(int(message.split()[1]), Connection(fds[0]), self)

    def kill(self, pid: int) -> None:
        with self.lock:
            try:
                self.control.sendall(f"kill {pid}".encode())
                self.control.recv(256)
            except OSError as exc:
                raise ServerError(f"the query worker template does not answer: {exc}") from None

    def stop(self) -> None:
        """End the template (its idle workers see their socket close and end too)."""
        with contextlib.suppress(OSError):
            self.control.close()
        with contextlib.suppress(OSError):
            self.process.kill()
        self.process.wait()


class WorkerPool:
    """A fixed number of query workers forked from one template; a worker that is killed is replaced."""

    def __init__(self, store: Any, limits: WorkerLimits, size: int) -> None:
        import pyoxigraph as ox

        self.limits = limits
        self.size = size
        self.folder = Path(tempfile.mkdtemp(prefix="poa-kg-sparql-"))
        self.dump = self.folder / "data.nq"
        self._idle: queue.Queue[QueryWorker] = queue.Queue()
        self._workers: set[QueryWorker] = set()
        self._lock = threading.Lock()
        self._template: WorkerTemplate | None = None
        try:
            store.dump(str(self.dump), format=ox.RdfFormat.N_QUADS)
        except OSError as exc:
            self.close()
            raise ServerError(f"{self.dump}: cannot write the data for the query workers: {exc}") from None

    def start(self) -> None:
        """Start the template and every worker; :class:`ServerError` if they cannot start."""
        try:
            self._template = WorkerTemplate.start(self.dump, self.limits)
            for _ in range(self.size):
                self._adopt(self._template.fork())
        except ServerError:
            self.close()
            raise

    def run(self, request: QueryRequest, client_gone: Callable[[], bool] = lambda: False) -> Response | None:
        """The reply to ``request`` (``None`` when the client went away before it)."""
        retry = str(max(1, math.ceil(self.limits.timeout)))
        try:
            worker = self._idle.get(timeout=WAIT_FOR_WORKER)
        except queue.Empty:
            return Response(503, b"every query worker is busy; try again shortly\n", headers=[("Retry-After", retry)])
        outcome = worker.ask(request, self.limits.timeout, client_gone)
        if isinstance(outcome, Response):
            self._idle.put(worker)
            return outcome
        self._replace(worker)
        if outcome is Outcome.CLIENT_GONE:
            return None
        if outcome is Outcome.TIMED_OUT:
            return Response(503, f"query time limit of {self.limits.timeout:g} s exceeded\n".encode(),
                            headers=[("X-Query-Timeout", f"{self.limits.timeout:g}"),
                                     ("X-Result-Limit", str(self.limits.max_rows)), ("Vary", "Accept")])
        return Response(503, f"query stopped: it needed more than the {self.limits.memory_mb} MB of memory a query "
                             "may use (or its evaluation failed)\n".encode())

    def close(self) -> None:
        """Stop every worker and the template, and delete the dump."""
        with self._lock:
            workers, self._workers = list(self._workers), set()
            template, self._template = self._template, None
        for worker in workers:
            worker.stop()
        if template is not None:
            template.stop()
        shutil.rmtree(self.folder, ignore_errors=True)

    def _adopt(self, worker: QueryWorker) -> None:
        with self._lock:
            self._workers.add(worker)
        self._idle.put(worker)

    def _replace(self, worker: QueryWorker) -> None:
        """Kill ``worker`` and fork its successor (a new template first if the old one is gone)."""
        with self._lock:
            self._workers.discard(worker)
            template = self._template
        worker.stop()
        if template is None:
            return  # closed
        try:
            self._adopt(template.fork())
        except ServerError as exc:
            print(f"poa-kg: warning: {exc}; starting a new one", file=sys.stderr)
            self._renew(template)

    def _renew(self, failed: WorkerTemplate) -> None:
        """Replace a template that no longer forks, and fork one worker from the new one."""
        try:
            fresh = WorkerTemplate.start(self.dump, self.limits)
        except ServerError as exc:
            print(f"poa-kg: warning: {exc}; the endpoint goes on with one query worker fewer", file=sys.stderr)
            return
        with self._lock:
            current = self._template
            if current is failed:
                self._template = fresh
        if current is not failed:  # closed meanwhile, or another request renewed it first
            fresh.stop()
            if current is None:
                return
            fresh = current
        failed.stop()
        with contextlib.suppress(ServerError):
            self._adopt(fresh.fork())


# --- inside the template and its workers ---------------------------------------------------------


def template_main(argv: list[str]) -> None:
    """The template's life: load the dump, say ready, then fork or kill workers as the server asks."""
    fd, dump, limits_json = argv
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C at the terminal is the server's to handle
    control = socket.socket(fileno=int(fd))
    limits = WorkerLimits(**json.loads(limits_json))
    try:
        store = _load(Path(dump))
    except (OSError, SyntaxError, ValueError) as exc:
        control.send(f"{dump}: {exc}".encode())
        return
    control.send(b"ready")
    children: set[int] = set()
    while True:
        try:
            command = control.recv(256)
        except OSError:
            command = b""
        _reap(children)
        if command == b"fork":
            _fork_worker(control, store, limits, children)
        elif command.startswith(b"kill "):
            pid = int(command.split()[1])
            if pid in children:  # not reaped yet, so this process id is still that worker's
                os.kill(pid, signal.SIGKILL)
            control.send(b"killed")
        else:  # the server closed its end: it is gone
            for pid in children:
                os.kill(pid, signal.SIGKILL)
            return


def _reap(children: set[int]) -> None:
    for pid in list(children):
        with contextlib.suppress(ChildProcessError):
            done, _status = os.waitpid(pid, os.WNOHANG)
            if done == 0:
                continue
        children.discard(pid)


def _fork_worker(control: socket.socket, store: Any, limits: WorkerLimits, children: set[int]) -> None:
    ours, theirs = socket.socketpair()
    pid = os.fork()
    if pid == 0:
        control.close()
        ours.close()
        _worker(Connection(theirs.detach()), store, limits)
    theirs.close()
    children.add(pid)
    socket.send_fds(control, [f"forked {pid}".encode()], [ours.fileno()])
    ours.close()


def _worker(conn: Connection, store: Any, limits: WorkerLimits) -> NoReturn:
    """A worker's life: answer queries until the server closes the socket (never returns to the template's loop)."""
    try:
        signal.signal(signal.SIGALRM, signal.SIG_DFL)
        _cap_memory(limits.memory_mb)
        _quiet_stderr()
        while True:
            try:
                request = conn.recv()
            except (EOFError, OSError):
                break
            signal.setitimer(signal.ITIMER_REAL, limits.timeout + SELF_STOP_GRACE)
            try:
                reply = answer(store, request, limits.max_rows)
            except MemoryError:
                os._exit(EXIT_OUT_OF_MEMORY)  # the heap may be in any state: the server forks a fresh worker
            signal.setitimer(signal.ITIMER_REAL, 0)
            if len(reply.body) > limits.max_reply_bytes:
                reply = Response(503, f"result larger than {limits.max_reply_bytes // 2**20} MB; "
                                      "ask for fewer rows or columns\n".encode())
            conn.send(reply)
    finally:
        os._exit(0)


def _load(dump: Path) -> Any:
    """The data of ``dump``, its default graph made the union of all its graphs (each distinct triple once).

    A query without a dataset clause then sees the union, and one with ``FROM`` or ``FROM NAMED``
    exactly the graphs it names: the engine's union option would hide the latter, and repeat a
    triple that two graphs hold.
    """
    import pyoxigraph as ox

    store = ox.Store()
    # the dump was written by the server from data it had already parsed: no need to validate it again
    store.load(path=str(dump), format=ox.RdfFormat.N_QUADS, lenient=True)
    named = [q for q in store if q.graph_name != ox.DefaultGraph()]
    store.extend(ox.Quad(q.subject, q.predicate, q.object) for q in named)
    return store


def _cap_memory(megabytes: int) -> None:
    """Limit the address space to what the worker has now plus ``megabytes`` (where the system says)."""
    import resource

    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            in_use = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return  # not Linux: no cap
    cap = in_use + megabytes * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # a query over the cap aborts the engine: no core file


def _quiet_stderr() -> None:
    """Send the worker's stderr nowhere: the engine's message when it runs out of memory is the server's to tell."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    os.close(devnull)
