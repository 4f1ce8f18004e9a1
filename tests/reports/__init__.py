"""Residents report wrong information; contributors and moderators resolve it."""
