"""A corpus build on a Dask cluster: its workers build the reports' shards, as the local worker processes do.

    poa-kg build REPORTS --scheduler local              a LocalCluster of --workers processes on this machine
    poa-kg build REPORTS --scheduler tcp://HOST:8786    the workers of a running Dask scheduler

A Dask client's executor (``distributed.Client.get_executor``) is a
``concurrent.futures.Executor``: it takes the place of the local process pool in
:mod:`builder.corpus`, which submits the same jobs (:func:`builder.corpus.build_shard`)
and the same parts of the combine step to it. Nothing else changes, so the
files are byte for byte those of a local build.

**The build folder is shared.** A worker writes its report's shard into the
staged generation of the build folder and hands back the shard's name, never
its data; the combine step reads the shards there (and runs some of its parts
on the workers, which write into the generation too). So every worker must
see the build folder at the path the client sees it: on one machine
(``--scheduler local``) it does; on a cluster the build folder must be on a
filesystem the client and the workers share (NFS, a cluster filesystem), mounted
at the same path. A worker that does not see it stops the build with an error
naming the folder and the worker's host. Shipping the shards' bytes back to the
client instead would pass every triple through one process twice (once as a
result, once written) and would still leave the combine's parts to run here.

**The same code.** A shard is recorded under a key that holds the digest of the
builder's code and data (:func:`builder.corpus.builder_digest`): a worker that
runs other code would make other shards under that key. Every worker's digest
is compared with the client's before the first job.

Dask is imported here only, and only when a scheduler is asked for: it is the
optional extra ``poa-kg[distributed]``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from concurrent.futures import Executor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from builder.errors import ClusterError

__all__ = ["CONNECT_TIMEOUT", "LOCAL", "Cluster", "checked_scheduler", "dask_cluster"]

#: the ``--scheduler`` value that starts a LocalCluster on this machine
LOCAL = "local"
#: seconds to wait for the scheduler to answer, and for a first worker to join it
CONNECT_TIMEOUT = 5.0
_SCHEMES = ("tcp", "tls")
_INSTALL = "pip install 'poa-kg[distributed]'"


def checked_scheduler(value: str) -> str:
    """``value`` when it is ``local`` or a scheduler's address ``tcp://HOST:PORT`` (or ``tls://``); else an error."""
    if value == LOCAL:
        return value
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError:
        port = None
        parts = urlsplit("")
    if parts.scheme not in _SCHEMES or not parts.hostname or port is None or parts.path not in ("", "/") \
            or parts.query or parts.fragment or parts.username:
        raise ClusterError(f"--scheduler {value}: neither '{LOCAL}' nor a Dask scheduler's address"
                           " tcp://HOST:PORT (e.g. tcp://10.0.0.5:8786)")
    return value


@dataclass(frozen=True)
class Cluster:
    """A connected Dask cluster: the executor that runs the jobs, and how many run at once."""

    executor: Executor
    workers: int  # the workers' threads: jobs run at once, and the stretches of the JSON-LD combine
    address: str


@contextmanager
def dask_cluster(scheduler: str, workers: int) -> Iterator[Cluster]:
    """A client of the Dask scheduler at ``scheduler``, or of a LocalCluster of ``workers`` processes (``local``).

    The cluster is checked before it is handed out: a worker joined, and every worker runs this builder's code.
    Leaving the block cancels what is still running, closes the client and stops a LocalCluster.
    """
    try:
        import distributed
    except ImportError:
        raise ClusterError(f"--scheduler needs Dask, which is not installed: {_INSTALL}") from None
    with ExitStack() as stack:
        client = stack.enter_context(_client(distributed, scheduler, workers))
        _check_workers(client, scheduler)
        executor = client.get_executor(pure=False)  # a build writes files: never take one run for another
        try:
            yield Cluster(executor=executor, workers=max(1, sum(client.nthreads().values())),
                          address=str(client.scheduler.address))
        except BaseException:
            executor.shutdown(wait=False)  # cancels the jobs not done
            raise


@contextmanager
def _client(distributed: Any, scheduler: str, workers: int) -> Iterator[Any]:
    if scheduler == LOCAL:
        # processes, one thread each: a report's build holds the GIL; loopback only; no dashboard (no port taken)
        with distributed.LocalCluster(n_workers=workers, processes=True, threads_per_worker=1, host="127.0.0.1",
                                      dashboard_address=None, silence_logs=logging.ERROR) as local, \
                distributed.Client(local) as client:
            yield client
        return
    try:
        client = distributed.Client(scheduler, timeout=CONNECT_TIMEOUT)
    except OSError:
        raise ClusterError(f"--scheduler {scheduler}: no Dask scheduler answered within {CONNECT_TIMEOUT:g} s"
                           ) from None
    with client:
        yield client


def _check_workers(client: Any, scheduler: str) -> None:
    """A worker joined the scheduler, and every worker's builder code and data are the client's."""
    from builder.corpus import builder_digest

    try:
        client.wait_for_workers(1, timeout=CONNECT_TIMEOUT)
    except TimeoutError:
        raise ClusterError(f"--scheduler {scheduler}: no worker joined the scheduler within {CONNECT_TIMEOUT:g} s"
                           ) from None
    ours = builder_digest()
    for worker, digest in sorted(client.run(builder_digest).items()):
        if digest != ours:
            raise ClusterError(f"--scheduler {scheduler}: the worker {worker} runs other poa-kg builder code or data"
                               " than this machine; install the same version on every worker")
