"""Listings stay true: when a check falls due, reminders, and what happens when ignored."""
