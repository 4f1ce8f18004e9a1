"""Information and guidance pages, loaded from Markdown files in content/articles."""
