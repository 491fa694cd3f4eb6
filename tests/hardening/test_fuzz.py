"""Fuzz (hypothesis): random bytes and malformed CSV/xlsx/GeoJSON/instance JSON through the CLI entry points.

Every run must end with exit status 2, one `galat:` line and no traceback, and leave the database as it
was: the row count of every table, and the audit log except the `login` rows the CLI's own logins add.
"""
from __future__ import annotations

import io
import json
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from hardening_helpers import counts, run_cli

FUZZ = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                        HealthCheck.too_slow])

json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
                           lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=10), inner,
                                                                                        max_size=5), max_leaves=30)


def _state(path):
    import sqlite3
    c = counts(path)
    con = sqlite3.connect(path)
    c["audit_log"] = con.execute("select count(*) from audit_log where action != 'login'").fetchone()[0]
    con.close()
    return c


def _check(capsys, code, before, path):
    out = capsys.readouterr()
    assert code == 2, (code, out)
    assert "Traceback" not in out.err + out.out
    assert _state(path) == before


@st.composite
def csv_bytes(draw):
    header = draw(st.sampled_from(["NAMA,PANGKAT,NRP,KESATUAN,JK", "NAMA;NRP", "", "nrp,nama,pangkat"]))
    body = draw(st.lists(st.text(alphabet=st.characters(max_codepoint=0x2ff), max_size=60), max_size=15))
    encoding = draw(st.sampled_from(["utf-8", "utf-16", "latin-1"]))
    return "\n".join([header, *body]).encode(encoding, errors="replace")


@st.composite
def xlsx_bytes(draw):
    buffer = io.BytesIO()
    sheet = draw(st.one_of(st.binary(max_size=300),
                           st.text(max_size=300).map(lambda t: f"<worksheet><sheetData>{t}</sheetData></worksheet>"),
                           st.lists(st.tuples(st.text(alphabet="ABCXYZ", min_size=1, max_size=9),
                                              st.integers(-5, 2_000_000), st.text(max_size=20)), max_size=8)
                           .map(lambda cells: '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
                                'main"><sheetData>' + "".join(f'<row r="{n}"><c r="{c}{n}" t="inlineStr"><is><t>'
                                f'{v.replace("<", "").replace("&", "")}</t></is></c></row>' for c, n, v in cells)
                                + "</sheetData></worksheet>")))
    with zipfile.ZipFile(buffer, "w") as z:
        from hostile_files import CONTENT_TYPES, RELS, WB_RELS, WORKBOOK
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", draw(st.sampled_from([RELS, "", "<x/>"])))
        z.writestr("xl/workbook.xml", draw(st.sampled_from([WORKBOOK, "<workbook/>", "garbage"])))
        z.writestr("xl/_rels/workbook.xml.rels", WB_RELS)
        z.writestr("xl/worksheets/sheet1.xml", sheet if isinstance(sheet, bytes) else sheet.encode())
    return buffer.getvalue()


@FUZZ
@given(data=st.one_of(st.binary(max_size=2000), csv_bytes(), xlsx_bytes()),
       suffix=st.sampled_from([".csv", ".xlsx", ".txt"]))
def test_personnel_import_never_crashes_and_changes_nothing(demo, tmp_path, capsys, data, suffix):
    url, path = demo
    before = _state(path)
    target = tmp_path / f"fuzz{suffix}"
    target.write_bytes(data)
    _check(capsys, run_cli("import", "personnel", str(target), "--db", url, "--user", "admin"), before, path)


@FUZZ
@given(data=st.one_of(st.binary(max_size=1000), json_values.map(lambda v: json.dumps(v).encode()),
                      st.fixed_dictionaries({"type": st.sampled_from(["FeatureCollection", "Feature", "x"]),
                                             "features": st.lists(json_values, max_size=4)})
                      .map(lambda v: json.dumps(v).encode())))
def test_boundary_import_never_crashes_and_changes_nothing(demo, tmp_path, capsys, data):
    url, path = demo
    before = _state(path)
    target = tmp_path / "fuzz.geojson"
    target.write_bytes(data)
    _check(capsys, run_cli("import", "boundaries", str(target), "--level", "kecamatan", "--db", url,
                           "--user", "admin"), before, path)


instances = st.one_of(
    st.binary(max_size=500),
    json_values.map(lambda v: json.dumps(v).encode()),
    st.fixed_dictionaries({"format": st.just("antasena-allocation/1"), "persons": st.lists(json_values, max_size=3),
                           "slots": st.lists(json_values, max_size=3)}, optional={"pins": json_values,
                                                                                  "settings": json_values})
    .map(lambda v: json.dumps(v).encode()))


@FUZZ
@given(instance=instances, result=st.one_of(st.binary(max_size=200), json_values.map(lambda v: json.dumps(v).encode())))
def test_allocate_and_check_never_crash(demo, tmp_path, capsys, instance, result):
    url, path = demo
    before = _state(path)
    (tmp_path / "i.json").write_bytes(instance)
    (tmp_path / "r.json").write_bytes(result)
    _check(capsys, run_cli("allocate", "--instance", str(tmp_path / "i.json"), "--out", str(tmp_path / "o.json"),
                           "--quiet", "--time-limit", "0.2"), before, path)
    _check(capsys, run_cli("check", "--instance", str(tmp_path / "i.json"), "--result", str(tmp_path / "r.json")),
           before, path)


@FUZZ
@given(data=st.one_of(st.binary(max_size=1000), csv_bytes(),
                      st.lists(st.lists(st.text(max_size=12), max_size=5), max_size=6)
                      .map(lambda rows: "\n".join(["post,nrp,line,reason", *(",".join(r) for r in rows)]).encode())))
def test_assignment_import_never_crashes_and_changes_nothing(demo, tmp_path, capsys, data):
    url, path = demo
    before = _state(path)
    target = tmp_path / "fuzz.csv"
    target.write_bytes(data)
    _check(capsys, run_cli("import", "assignments", str(target), "--db", url, "--user", "operator"), before, path)
