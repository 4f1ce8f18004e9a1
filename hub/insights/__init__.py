"""Insights for commissioners: privacy-friendly counts of how the hub is used."""
