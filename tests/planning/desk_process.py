"""What one desk process does in the multi-desk tests (run in a spawned process: its own engine and desk id)."""
from __future__ import annotations


def place_in_process(url: str, post_id: str, person_id: str, barrier=None) -> tuple[str, str]:
    """Place one person like a desk would; ("ok", "") or ("refused", the guard's words in Indonesian)."""
    from antasena_desktop.i18n import UserError
    from antasena_desktop.planning import service
    from antasena_desktop.services.security import Actor, Role
    from db.database import open_database

    database = open_database(url, upgrade=False)
    try:
        if barrier is not None:
            barrier.wait(30)
        with database.session() as session:
            service.place(session, Actor("meja", Role.OPERATOR_OPS), person_id, post_id)
        return "ok", ""
    except UserError as exc:
        return "refused", str(exc)
    finally:
        database.close()
