-- The report cache (issue 10): each intervention's tally of the standard report
-- for a period, stored with the intervention's figure version. Every change to
-- what the figures count raises the version in the same transaction (the triggers
-- below, once per statement), so a stored tally is used only while its version is
-- current: a figure never differs from one counted afresh. Derived data: not
-- copied by transfer.

CREATE TABLE figure_versions (
    intervention_id BIGINT PRIMARY KEY REFERENCES interventions (id) ON DELETE CASCADE,
    version         BIGINT NOT NULL
);
INSERT INTO figure_versions (intervention_id, version) SELECT id, 0 FROM interventions;

CREATE TABLE report_tallies (
    intervention_id BIGINT NOT NULL REFERENCES interventions (id) ON DELETE CASCADE,
    period_from     DATE NOT NULL,
    period_to       DATE NOT NULL,
    version         BIGINT NOT NULL,
    body            TEXT NOT NULL,
    PRIMARY KEY (intervention_id, period_from, period_to)
);

CREATE FUNCTION figures_new_intervention() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO figure_versions (intervention_id, version) VALUES (NEW.id, 0);
    RETURN NULL;
END $$;
CREATE TRIGGER interventions_figures AFTER INSERT ON interventions
    FOR EACH ROW EXECUTE FUNCTION figures_new_intervention();

-- Rows of participations, or of a table with participation_id, that changed.
CREATE FUNCTION figures_changed_participations() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        UPDATE figure_versions SET version = version + 1
        WHERE intervention_id IN (SELECT intervention_id FROM new_rows);
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE figure_versions SET version = version + 1
        WHERE intervention_id IN (SELECT intervention_id FROM old_rows);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER participations_figures_insert AFTER INSERT ON participations
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION figures_changed_participations();
CREATE TRIGGER participations_figures_update AFTER UPDATE ON participations
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION figures_changed_participations();
CREATE TRIGGER participations_figures_delete AFTER DELETE ON participations
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION figures_changed_participations();

CREATE FUNCTION figures_changed_parts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        UPDATE figure_versions SET version = version + 1
        WHERE intervention_id IN (SELECT p.intervention_id FROM participations p
                                  WHERE p.id IN (SELECT participation_id FROM new_rows));
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE figure_versions SET version = version + 1
        WHERE intervention_id IN (SELECT p.intervention_id FROM participations p
                                  WHERE p.id IN (SELECT participation_id FROM old_rows));
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER stage_periods_figures_insert AFTER INSERT ON stage_periods
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION figures_changed_parts();
CREATE TRIGGER stage_periods_figures_update AFTER UPDATE ON stage_periods
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION figures_changed_parts();
CREATE TRIGGER stage_periods_figures_delete AFTER DELETE ON stage_periods
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION figures_changed_parts();
CREATE TRIGGER questionnaires_figures_insert AFTER INSERT ON questionnaire_invitations
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION figures_changed_parts();
CREATE TRIGGER questionnaires_figures_update AFTER UPDATE ON questionnaire_invitations
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION figures_changed_parts();
CREATE TRIGGER questionnaires_figures_delete AFTER DELETE ON questionnaire_invitations
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION figures_changed_parts();

-- Which associations fund an intervention decides which supplementary questions
-- it counts; any change to those questions may change every tally.
CREATE TRIGGER intervention_associations_figures_insert AFTER INSERT ON intervention_associations
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION figures_changed_participations();
CREATE TRIGGER intervention_associations_figures_delete AFTER DELETE ON intervention_associations
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION figures_changed_participations();

CREATE FUNCTION figures_changed_everywhere() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE figure_versions SET version = version + 1;
    RETURN NULL;
END $$;
CREATE TRIGGER supplementary_questions_figures AFTER INSERT OR UPDATE OR DELETE ON supplementary_questions
    FOR EACH STATEMENT EXECUTE FUNCTION figures_changed_everywhere();

-- Retention looks for exits before a day.
CREATE INDEX participations_exit ON participations (exit_on);
