# The two commands of the README: `make run` and `make test`. Both set up everything first.
.PHONY: setup run test selftest bench bench-quick demo

setup:
	bash scripts/setup.sh dev

run: setup
	.venv/bin/antasena gui

test: setup
	QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest -q -p no:cacheprovider

selftest: setup
	QT_QPA_PLATFORM=offscreen .venv/bin/antasena selftest

bench: setup
	bash scripts/setup.sh dev,bench
	QT_QPA_PLATFORM=offscreen bash scripts/run_benchmarks.sh

bench-quick: setup
	bash scripts/setup.sh dev,bench
	QUICK=1 bash scripts/run_benchmarks.sh

demo: setup
	.venv/bin/antasena demo-data
