"""Regenerate palembang_wilayah.csv from the public npm packages (run by hand, needs npm).

    python resources/geo/make_wilayah_csv.py

Codes and official (Kepmendagri 2025 / Rupabumi) names come from `idn-area-data@4.0.1`;
centroids, postal codes and the familiar spellings ("35 Ilir", "Ilir Barat II") come from
`geografis@1.3.2`. The kecamatan centroid is the plain mean of its kelurahan centroids
(neither package carries kecamatan centroids or areas).
"""
from __future__ import annotations

import csv
import json
import re
import subprocess
import tarfile
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
CITY = "16.71"
ROMAN = {"i", "ii", "iii", "iv", "v", "vi"}


def _fix_roman(name: str) -> str:
    """'20 Ilir D. Iii' -> '20 Ilir D. III' (geografis title-cases roman numerals)."""
    words = name.split(" ")
    fixed = [w.upper() if i and w.rstrip(".").lower() in ROMAN else w for i, w in enumerate(words)]
    return " ".join(fixed).replace("Alang-alang", "Alang-Alang")


def _pack(spec: str, tmp: Path) -> Path:
    subprocess.run(["npm", "pack", spec, "--silent"], cwd=tmp, check=True, capture_output=True)
    tgz = next(tmp.glob(spec.split("@")[0] + "-*.tgz"))
    dest = tmp / tgz.stem
    with tarfile.open(tgz) as tf:
        tf.extractall(dest, filter="data")
    return dest / "package"


def main() -> None:
    with tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        ida = _pack("idn-area-data@4.0.1", tmp)
        geo = _pack("geografis@1.3.2", tmp)
        with open(ida / "data" / "districts.csv", encoding="utf-8") as f:
            kec = [r for r in csv.DictReader(f) if r["regency_code"] == CITY]
        with open(ida / "data" / "villages.csv", encoding="utf-8") as f:
            kel = [r for r in csv.DictReader(f) if r["district_code"].startswith(CITY + ".")]
        records = json.loads((geo / "data" / "json" / "data.json").read_text(encoding="utf-8"))
        by_code = {r["code"]: r for r in records if r["code"].startswith(CITY + ".")}
    assert len(kec) == 18 and len(kel) == 107, (len(kec), len(kel))
    missing = [r["code"] for r in kel if r["code"] not in by_code]
    assert not missing, missing
    rows = []
    for k in sorted(kec, key=lambda r: r["code"]):
        members = [by_code[v["code"]] for v in kel if v["district_code"] == k["code"]]
        lat = sum(m["latitude"] for m in members) / len(members)
        lon = sum(m["longitude"] for m in members) / len(members)
        rows.append(dict(level="kecamatan", code=k["code"], name=_fix_roman(members[0]["district"]),
                         kecamatan_code=k["code"], lat=f"{lat:.6f}", lon=f"{lon:.6f}",
                         name_kemendagri=k["name"], postal_code=""))
        for v in sorted((v for v in kel if v["district_code"] == k["code"]), key=lambda r: r["code"]):
            g = by_code[v["code"]]
            rows.append(dict(level="kelurahan", code=v["code"], name=_fix_roman(re.sub(r"\s+", " ", g["village"])),
                             kecamatan_code=k["code"], lat=f"{g['latitude']:.6f}", lon=f"{g['longitude']:.6f}",
                             name_kemendagri=v["name"], postal_code=str(g["postal"])))
    # geografis still names 16.71.18 "Ilir Timur Tiga" and 16.71.07.1005 "Suka Rami"
    for r in rows:
        r["name"] = {"Ilir Timur Tiga": "Ilir Timur III", "Suka Rami": "Sukarami"}.get(r["name"], r["name"])
    out = HERE / "palembang_wilayah.csv"
    with open(out, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    print(f"wrote {out} ({len(rows)} rows)")


if __name__ == "__main__":
    main()
