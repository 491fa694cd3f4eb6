"""Placement of personnel on posts: the one guard every path goes through (board, allocator, import, CLI)."""
