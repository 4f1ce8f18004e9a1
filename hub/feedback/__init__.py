"""'Was this page helpful?': anonymous answers kept for the insights capability."""
