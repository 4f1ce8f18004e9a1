"""Pieces shared by every capability."""
