"""Tools for people who pay for their own care: estimates, never decisions."""
