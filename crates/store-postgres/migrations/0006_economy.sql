-- Economy (SPEC 8): budget outcomes per tertial; the association's funds, equity
-- and administrative costs; payments to providers with the manager's
-- certificate; and the parameters of the socio-economic estimate.

ALTER TABLE budget_lines ADD COLUMN outcome_t1 BIGINT;
ALTER TABLE budget_lines ADD COLUMN outcome_t2 BIGINT;
ALTER TABLE budget_lines ADD COLUMN outcome_t3 BIGINT;
