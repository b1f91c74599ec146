-- Imports: who proposed the person (aktualiserad av) on each participation, and
-- the budget lines of SPEC 11 (whole kronor).

ALTER TABLE participations ADD COLUMN referred_by TEXT NOT NULL DEFAULT '';

CREATE TABLE budget_lines (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    intervention_id INTEGER NOT NULL REFERENCES interventions (id),
    year            INTEGER NOT NULL,
    category        TEXT    NOT NULL,
    post            TEXT    NOT NULL,
    budget_type     TEXT    NOT NULL,
    financier       TEXT,
    amount          INTEGER NOT NULL,
    outcome         INTEGER
) STRICT;
CREATE INDEX budget_lines_intervention ON budget_lines (intervention_id, year);
