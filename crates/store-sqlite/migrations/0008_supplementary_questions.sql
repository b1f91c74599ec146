-- Kompletterande frågor (SPEC 9): an association's own questions, asked after the
-- built-in instrument's while valid. A questionnaire keeps the ones it asked.

CREATE TABLE supplementary_questions (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    association TEXT NOT NULL,
    text        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    valid_from  TEXT NOT NULL,
    valid_to    TEXT,
    position    INTEGER NOT NULL,
    created_by  TEXT NOT NULL
) STRICT;
CREATE INDEX supplementary_questions_association ON supplementary_questions (association);

ALTER TABLE questionnaire_invitations ADD COLUMN supplement TEXT NOT NULL DEFAULT '[]';
