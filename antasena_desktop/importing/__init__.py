"""Importers: personnel roster (.xlsx/.csv); shared table reader and the `antasena import` command."""
