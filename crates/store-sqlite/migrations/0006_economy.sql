-- Economy (SPEC 8): budget outcomes per tertial; the association's funds, equity
-- and administrative costs; payments to providers with the manager's
-- certificate; and the parameters of the socio-economic estimate.

ALTER TABLE budget_lines ADD COLUMN outcome_t1 INTEGER;
ALTER TABLE budget_lines ADD COLUMN outcome_t2 INTEGER;
ALTER TABLE budget_lines ADD COLUMN outcome_t3 INTEGER;

CREATE TABLE association_lines (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    association_id INTEGER NOT NULL REFERENCES associations (id),
    year           INTEGER NOT NULL,
    kind           TEXT    NOT NULL,
    post           TEXT    NOT NULL,
    financier      TEXT,
    amount         INTEGER NOT NULL,
    outcome        INTEGER
) STRICT;
CREATE INDEX association_lines_association ON association_lines (association_id, year);

CREATE TABLE provider_payments (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    intervention_id INTEGER NOT NULL REFERENCES interventions (id),
    year            INTEGER NOT NULL,
    half            INTEGER NOT NULL,
    amount          INTEGER NOT NULL,
    planned_by      TEXT NOT NULL,
    certified_by    TEXT,
    certified_on    TEXT,
    certificate     TEXT,
    released_by     TEXT,
    released_on     TEXT
) STRICT;
CREATE UNIQUE INDEX provider_payments_half ON provider_payments (intervention_id, year, half);

CREATE TABLE estimate_parameters (
    association_id       INTEGER NOT NULL PRIMARY KEY REFERENCES associations (id),
    cost_per_person_year INTEGER NOT NULL,
    years                INTEGER NOT NULL,
    includes             TEXT NOT NULL
) STRICT;
