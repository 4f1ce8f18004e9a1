"""The public directory: organisations, services, locations and the taxonomy."""
