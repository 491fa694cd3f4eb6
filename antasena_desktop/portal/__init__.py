"""The stakeholder portal's core (no Qt, no web): who may see what (`policy`), what they see (`reads`).

The web app (`web/portal.py`) and the PKS exchange (`services/pks.py`) both go through these.
"""
