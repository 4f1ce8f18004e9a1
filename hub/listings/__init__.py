"""A listing's life: contributors' drafts, moderators' decisions, every published version."""
