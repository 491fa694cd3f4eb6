"""Surat Perintah and printouts: content models and HTML (pure), numbering register and workflow services.

Rendering to PDF/printer lives in ui/printing (Qt). See docs/sprin.md.
"""
