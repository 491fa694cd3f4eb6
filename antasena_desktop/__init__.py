"""Antasena Desktop core: domain, services, allocation, documents, CLI. No Qt here."""

__version__ = "0.1.0"
