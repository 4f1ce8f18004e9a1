"""Residents' reports of wrong information, answered by contributors and moderators."""
