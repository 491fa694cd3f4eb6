#!/usr/bin/env bash
# All speed measurements (not tests). QUICK=1 shortens the allocation run (fewer SMPTSP instances,
# shorter reference solves). Figures go to stdout; nothing here is asserted.
set -uo pipefail
cd "$(dirname "$0")/.."
export QT_QPA_PLATFORM=offscreen
PY=.venv/bin/python
status=0
run() { echo; echo "=== $*"; "$@" || status=1; }
if [ "${QUICK:-0}" = "1" ]; then
  run $PY benchmarks/run_allocation.py --quick
else
  run $PY benchmarks/run_allocation.py
fi
run $PY benchmarks/import_bench.py
run $PY benchmarks/import_memory_bench.py
run $PY benchmarks/time_limit_bench.py
run $PY benchmarks/ui_filter_bench.py
run $PY benchmarks/map_bench.py
run $PY benchmarks/sprin_bench.py
run $PY benchmarks/ui_stall_bench.py
run $PY benchmarks/service_speed_bench.py
if [ "${QUICK:-0}" = "1" ]; then
  run $PY benchmarks/desks_load_bench.py --seconds 10
else
  run $PY benchmarks/desks_load_bench.py
fi
if [ "${QUICK:-0}" = "1" ]; then
  run $PY benchmarks/sync_bench.py --edits 1000 --seeds 1
  run $PY benchmarks/sync_state_machine.py --examples 20
else
  run $PY benchmarks/sync_bench.py
  run $PY benchmarks/sync_state_machine.py --examples 200
fi
run $PY benchmarks/wbs_bench.py --sizes 50,300 --tracks 15
run $PY benchmarks/wbs_desk_bench.py --seeds 14,15,16
if [ "${QUICK:-0}" = "1" ]; then
  run $PY benchmarks/wbs_intake_load.py --reporters 50 --seconds 20
else
  run $PY benchmarks/wbs_intake_load.py --reporters 50 --seconds 60
fi
exit $status
