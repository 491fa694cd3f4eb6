from __future__ import annotations

import argparse
import json

from antasena_desktop.commands.allocation import main, register

from .helpers import result, tiny


def test_allocate_then_check_round_trip(tmp_path, capsys):
    inst = tmp_path / "inst.json"
    out = tmp_path / "res.json"
    expl = tmp_path / "explain.json"
    inst.write_text(json.dumps(tiny()))
    assert main(["allocate", "--instance", str(inst), "--out", str(out), "--time-limit", "2", "--seed", "1",
                 "--quiet", "--explain", str(expl)]) == 0
    res = json.loads(out.read_text())
    assert res["format"] == "antasena-allocation-result/1" and res["assignments"]
    assert json.loads(expl.read_text())["assignments"]
    capsys.readouterr()
    assert main(["check", "--instance", str(inst), "--result", str(out)]) == 0
    text = capsys.readouterr().out
    assert "VALID" in text and "objective" in text


def test_check_invalid_exits_2(tmp_path, capsys):
    inst = tmp_path / "inst.json"
    bad = tmp_path / "bad.json"
    inst.write_text(json.dumps(tiny()))
    bad.write_text(json.dumps(result([("S2", "A")])))
    assert main(["check", "--instance", str(inst), "--result", str(bad)]) == 2
    assert "[rule 3]" in capsys.readouterr().out


def test_min_persons_mode_and_register(tmp_path):
    inst = tmp_path / "inst.json"
    out = tmp_path / "res.json"
    inst.write_text(json.dumps(tiny()))
    assert main(["allocate", "--instance", str(inst), "--out", str(out), "--mode", "min_persons", "--quiet"]) == 0
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers(dest="cmd"))
    args = parser.parse_args(["check", "--instance", "a", "--result", "b"])
    assert args.func.__name__ == "run_check"


def test_infeasible_pins_exit_2(tmp_path, capsys):
    inst = tmp_path / "inst.json"
    inst.write_text(json.dumps(tiny(pins=[{"slot": "S2", "person": "A"}])))
    assert main(["allocate", "--instance", str(inst), "--out", str(tmp_path / "r.json"), "--quiet"]) == 2
    assert "pin" in capsys.readouterr().err.lower()
