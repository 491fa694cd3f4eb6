"""Use cases. Every mutating service checks the actor's role, writes the audit log and returns `Changes`."""
