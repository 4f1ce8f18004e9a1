"""Bulk data for the directory team: the directory out as ORUK JSON and CSV, and a CSV
back in through moderation."""
