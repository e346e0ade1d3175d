"""The errors poa-kg reports to its user: one family, so that a caller catches them with one ``except``.

Every error here stands for a problem with what the user gave or asked for
(a report that is not a report, a build folder that cannot be read, an output
folder that cannot be written, an endpoint that refuses the data), never for a
bug: its message is one line that names the file, the place or the address and
says what is wrong, fit to be shown as it is. The command line prints it and
exits with status 2; anything else that escapes is a bug and keeps its traceback.

::

    PoaKgError
    ├── ReportError      a report (or its metadata file) that cannot be read as a report
    │   └── StrictError  names left unresolved or flagged in --strict mode
    ├── IriError         a base IRI or a document symbol under which no IRI can be minted
    ├── DataError        a build folder or RDF file given as data that cannot be read
    ├── ShapesError      the SHACL shapes cannot be applied, or the validation engine failed
    ├── QueryError       a competency query that cannot be run (name, parameters, remote endpoint)
    ├── EndpointError    publishing into a Graph Store endpoint failed
    ├── OutputError      an output file or folder that cannot be written
    │   └── SiteError    a site folder that is not the site's to replace
    ├── ServerError      the HTTP server cannot start (an address in use, a port not allowed)
    └── ClusterError     a Dask cluster that cannot build (no Dask installed, no scheduler answering, other code)
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

#: the exit status of the command line when it stops on one of these errors
EXIT_ERROR = 2


class PoaKgError(Exception):
    """A problem to report to the user: the message is one line naming the file or the place."""


class ReportError(PoaKgError):
    """Bad input: a report file (or its metadata file) that is not an Arabic report poa-kg can read."""


class StrictError(ReportError):
    """In --strict mode, names of the report stayed unresolved or were flagged for review."""


class IriError(PoaKgError):
    """The project's IRIs cannot be minted from what was given: a base IRI or a document symbol unfit for an IRI."""


class DataError(PoaKgError):
    """The data given to query, validate, publish, serve or analyse (a build folder or an RDF file) cannot be read."""


class ReferenceDataError(PoaKgError, ValueError):
    """A file of the reference data (``builder/data``: gazetteers, word lists, layout patterns) is malformed or
    contradicts another: a missing column or source, a duplicate key, a key no other file knows.

    Also a :class:`ValueError`, which is what it is to code that reads a table directly.
    """


class ShapesError(PoaKgError):
    """Validation could not run: the shapes cannot be applied (pySHACL's "validation failure") or the engine failed."""


class QueryError(PoaKgError):
    """A competency query cannot be run: an unknown name, a missing or bad parameter, a failing remote endpoint."""


class EndpointError(PoaKgError):
    """Publishing into a Graph Store endpoint failed; the message carries no credential."""


class OutputError(PoaKgError):
    """An output (a build folder, a site, a validation report, the documentation) cannot be written."""


class SiteError(OutputError):
    """The site cannot be written where it was asked: a folder that is not a site of ours, a path outside it."""


class ServerError(PoaKgError):
    """The HTTP server cannot start: the address is in use, or the port is not allowed."""


class ClusterError(PoaKgError):
    """A corpus cannot be built on the Dask cluster asked for: Dask is not installed, no scheduler answers at the
    address, no worker joins it, or its workers run other builder code or do not see the build folder."""


@contextmanager
def os_errors_as(error: type[PoaKgError], where: str | Path) -> Iterator[None]:
    """Turn an :class:`OSError` raised in the block into ``error``: "FILE: reason" (``where`` when it names no file)."""
    try:
        yield
    except OSError as exc:
        raise error(f"{exc.filename or where}: {exc.strerror}") from exc
