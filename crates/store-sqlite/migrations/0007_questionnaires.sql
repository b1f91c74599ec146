-- Questionnaires (SPEC 9): one row per invitation, with the answers given so far
-- as JSON. The link's token is kept only as its SHA-256.

CREATE TABLE questionnaire_invitations (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    participation_id INTEGER NOT NULL REFERENCES participations (id) ON DELETE CASCADE,
    instrument       TEXT NOT NULL,
    version          INTEGER NOT NULL,
    occasion         TEXT NOT NULL,
    token_hash       TEXT NOT NULL UNIQUE,
    created_on       TEXT NOT NULL,
    expires_on       TEXT NOT NULL,
    created_by       TEXT NOT NULL,
    answers          TEXT NOT NULL,
    saved_on         TEXT,
    completed_on     TEXT,
    entered_by       TEXT
) STRICT;
CREATE INDEX questionnaire_invitations_participation ON questionnaire_invitations (participation_id);
