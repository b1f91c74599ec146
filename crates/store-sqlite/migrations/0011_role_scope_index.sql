-- Who holds a role in an intervention or provider (an intervention's staff) is
-- looked up by scope on every participant page.
CREATE INDEX role_assignments_scope ON role_assignments (scope_kind, scope_code);
