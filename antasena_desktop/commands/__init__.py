"""Core CLI commands."""
