"""The directory team's tools: the queue of changes, review, history and restoring."""
