"""Process settings for a whole build, applied around a block and restored after it.

A build allocates millions of small objects that live until the build ends
(rdflib terms, triples, index dictionaries). CPython's cyclic garbage collector
runs a young-generation pass every 700 allocations and, now and then, a full
pass over everything alive, which finds nothing to free here but costs more as
the graph grows: about a third of a build's time on the bundled report. Raising
the first threshold keeps the collector working, just a hundred times less often.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

BUILD_GC_THRESHOLD = 100_000


@contextmanager
def build_gc() -> Iterator[None]:
    """Collect garbage less often inside the block (nested uses are harmless); restored on exit."""
    before = gc.get_threshold()
    gc.set_threshold(max(before[0], BUILD_GC_THRESHOLD), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


@contextmanager
def frozen_gc() -> Iterator[None]:
    """Every object alive on entry is left out of garbage collection inside the block; restored on exit.

    Around the fork of :func:`builder.outputs.validated.serialize_and_validate`: the built graph and
    everything read so far stay alive until the build ends, yet each full collection of either process
    walked all of them again (about 50 ms a time), and touched their pages, which the fork shares.
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
