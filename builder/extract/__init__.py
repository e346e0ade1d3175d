"""poa-kg."""
