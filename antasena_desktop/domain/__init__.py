"""Domain vocabulary: ranks, functions, kinds, statuses. Plain Python."""
