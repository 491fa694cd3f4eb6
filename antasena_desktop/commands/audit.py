"""`antasena audit verify`: walk the hash chain of the audit log; the first broken link is exit 2."""
from __future__ import annotations

import argparse
import sys

from antasena_desktop.cli_support import open_and_login
from antasena_desktop.i18n import T
from antasena_desktop.services import audit
from antasena_desktop.services.security import Permission

REASONS = {
    "edited": T("isinya diubah", "its content was edited"),
    "deleted-or-inserted": T("baris sebelum ini dihapus atau disisipkan", "a row before it was deleted or inserted"),
    "missing-hash": T("tanpa hash (ditulis di luar aplikasi)", "has no hash (written outside the application)"),
}


def register(subparsers, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser("audit", help="log audit: periksa rantai hash")
    sub = parser.add_subparsers(dest="audit_command", metavar="AKSI")
    verify = sub.add_parser("verify", parents=[common], help="periksa rantai hash log audit (perlu --user admin)",
                            description="Menelusuri log audit menurut urutan; baris pertama yang rantainya putus "
                                        "(diubah, dihapus, disisipkan) dilaporkan dan status keluar 2.")
    verify.set_defaults(func=_verify)


def print_chain_report(database, out=None) -> bool:
    """Print one line about the chain; True when it is intact."""
    out = out or sys.stdout
    with database.session() as session:
        report = audit.verify(session)
    if report.broken is None:
        print(T("Log audit utuh: {n} baris, rantai hash tidak terputus.",
                "Audit log intact: {n} rows, the hash chain is unbroken.", n=report.rows).render(), file=out)
        return True
    link = report.broken
    print(T("Log audit RUSAK pada baris id {i} (urutan ke-{p}): {r}.",
            "Audit log BROKEN at row id {i} (position {p}): {r}.",
            i=link.row_id, p=link.position + 1, r=REASONS.get(link.reason, T(link.reason, link.reason))).render(),
          file=out)
    return False


def _verify(args) -> int:
    database, _actor = open_and_login(args, Permission.MANAGE_USERS, why="read")
    return 0 if print_chain_report(database) else 2
