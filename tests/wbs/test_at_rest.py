"""Encryption at rest: a planted sentence, a planted attachment, an identity and the receipt appear
nowhere in the raw database bytes (main file and write-ahead log)."""
from __future__ import annotations

import copy
import secrets

from antasena_desktop.wbs import intake
from antasena_desktop.wbs.intake import Attachment

from .conftest import FORM


def raw_bytes(path) -> bytes:
    data = b""
    for suffix in ("", "-wal", "-shm", "-journal"):
        part = path.with_name(path.name + suffix)
        if part.exists():
            data += part.read_bytes()
    return data


def test_planted_sentence_attachment_and_identity_never_reach_the_disk(wbs):
    sentence = f"Kalimat tanam {secrets.token_hex(8)} tentang kuitansi fiktif"
    attachment = b"%PDF-1.4\n" + secrets.token_bytes(4096) + b"\n%%EOF"
    filename = f"bukti-{secrets.token_hex(6)}.pdf"
    nip = "19" + "".join(secrets.choice("0123456789") for _ in range(16))
    form = copy.deepcopy(FORM)
    form.update(what=sentence, anonymous=False, identity={"name": "Rahmawati Pelapor", "nip": nip, "contact": "0812-7"})
    form["reported_party"]["name"] = "Terlapor Unik Sekali"
    with wbs.database.session() as session:
        done = intake.submit_report(session, form, [Attachment(filename, "", attachment)])
    with wbs.database.session() as session:
        intake.reporter_reply(session, done.receipt, f"Balasan {sentence}")
        assert intake.track(session, done.receipt).attachments == [filename]
    data = raw_bytes(wbs.path)
    assert len(data) > 10_000
    for planted in (sentence, filename, nip, "Rahmawati Pelapor", "Terlapor Unik Sekali", done.receipt):
        assert planted.encode("utf-8") not in data, planted
        assert planted.encode("utf-16-le") not in data, planted
    assert attachment[9:200] not in data and attachment[2000:2100] not in data
    wbs.database.close()                  # checkpoint the WAL into the main file, then look again
    data = raw_bytes(wbs.path)
    assert sentence.encode() not in data and attachment[9:200] not in data
