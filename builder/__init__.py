"""poa-kg: a knowledge-graph builder for UN reports on the small-arms Programme of Action."""

__version__ = "0.1.0"
