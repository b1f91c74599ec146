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
