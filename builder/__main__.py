"""``python -m builder`` is the ``poa-kg`` command."""

from builder.cli import main

main()
