-- Participations made anonymous (SPEC 10): after consent is withdrawn, after the
-- retention period, on erasure, or for protected identity. The participation keeps
-- its codes and dates for the statistics; this row says when and why.

CREATE TABLE anonymisations (
    participation_id INTEGER PRIMARY KEY REFERENCES participations (id) ON DELETE CASCADE,
    anonymised_on    TEXT NOT NULL,
    why              TEXT NOT NULL
) STRICT;

-- Break the glass: a coach's stated reason for opening a participant outside their
-- caseload, valid until `until` (milliseconds since 1970, like the access log).
CREATE TABLE access_reasons (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id          INTEGER NOT NULL REFERENCES users (id),
    participation_id INTEGER NOT NULL REFERENCES participations (id) ON DELETE CASCADE,
    reason           TEXT NOT NULL,
    given_at         INTEGER NOT NULL,
    until            INTEGER NOT NULL
) STRICT;
CREATE INDEX access_reasons_user ON access_reasons (user_id, participation_id);
