"""The web stack (Qt-free): a small Starlette + uvicorn server run in a child process.

App-independent pieces live here (security headers, CSRF, rate limits, in-memory multipart,
templates, TLS, health file, process runner); an app (the WBS intake, later the Bag Ops
stakeholder portal) assembles them. See docs/wbs-intake.md.
"""
