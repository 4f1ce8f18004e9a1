"""Freshness: reminders before a check falls due, labels and hiding when ignored."""
