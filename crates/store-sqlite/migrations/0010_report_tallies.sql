-- The report cache (issue 10): each intervention's tally of the standard report
-- for a period, stored with the intervention's figure version. Every change to
-- what the figures count raises the version in the same transaction (the triggers
-- below), so a stored tally is used only while its version is current: a figure
-- never differs from one counted afresh. Derived data: not copied by transfer.

CREATE TABLE figure_versions (
    intervention_id INTEGER PRIMARY KEY REFERENCES interventions (id) ON DELETE CASCADE,
    version         INTEGER NOT NULL
) STRICT;
INSERT INTO figure_versions (intervention_id, version) SELECT id, 0 FROM interventions;

CREATE TABLE report_tallies (
    intervention_id INTEGER NOT NULL REFERENCES interventions (id) ON DELETE CASCADE,
    period_from     TEXT NOT NULL,
    period_to       TEXT NOT NULL,
    version         INTEGER NOT NULL,
    body            TEXT NOT NULL,
    PRIMARY KEY (intervention_id, period_from, period_to)
) STRICT;

CREATE TRIGGER interventions_figures AFTER INSERT ON interventions BEGIN
    INSERT INTO figure_versions (intervention_id, version) VALUES (NEW.id, 0);
END;

CREATE TRIGGER participations_figures_insert AFTER INSERT ON participations BEGIN
    UPDATE figure_versions SET version = version + 1 WHERE intervention_id = NEW.intervention_id;
END;
CREATE TRIGGER participations_figures_update AFTER UPDATE ON participations BEGIN
    UPDATE figure_versions SET version = version + 1
    WHERE intervention_id IN (OLD.intervention_id, NEW.intervention_id);
END;
CREATE TRIGGER participations_figures_delete AFTER DELETE ON participations BEGIN
    UPDATE figure_versions SET version = version + 1 WHERE intervention_id = OLD.intervention_id;
END;

CREATE TRIGGER stage_periods_figures_insert AFTER INSERT ON stage_periods BEGIN
    UPDATE figure_versions SET version = version + 1
    WHERE intervention_id = (SELECT intervention_id FROM participations WHERE id = NEW.participation_id);
END;
CREATE TRIGGER stage_periods_figures_update AFTER UPDATE ON stage_periods BEGIN
    UPDATE figure_versions SET version = version + 1
    WHERE intervention_id IN (SELECT intervention_id FROM participations
                              WHERE id IN (OLD.participation_id, NEW.participation_id));
END;
CREATE TRIGGER stage_periods_figures_delete AFTER DELETE ON stage_periods BEGIN
    UPDATE figure_versions SET version = version + 1
    WHERE intervention_id = (SELECT intervention_id FROM participations WHERE id = OLD.participation_id);
END;

CREATE TRIGGER questionnaires_figures_insert AFTER INSERT ON questionnaire_invitations BEGIN
    UPDATE figure_versions SET version = version + 1
    WHERE intervention_id = (SELECT intervention_id FROM participations WHERE id = NEW.participation_id);
END;
CREATE TRIGGER questionnaires_figures_update AFTER UPDATE ON questionnaire_invitations BEGIN
    UPDATE figure_versions SET version = version + 1
    WHERE intervention_id IN (SELECT intervention_id FROM participations
                              WHERE id IN (OLD.participation_id, NEW.participation_id));
END;
CREATE TRIGGER questionnaires_figures_delete AFTER DELETE ON questionnaire_invitations BEGIN
    UPDATE figure_versions SET version = version + 1
    WHERE intervention_id = (SELECT intervention_id FROM participations WHERE id = OLD.participation_id);
END;

-- Which associations fund an intervention decides which supplementary questions
-- it counts; any change to those questions may change every tally.
CREATE TRIGGER intervention_associations_figures_insert AFTER INSERT ON intervention_associations BEGIN
    UPDATE figure_versions SET version = version + 1 WHERE intervention_id = NEW.intervention_id;
END;
CREATE TRIGGER intervention_associations_figures_delete AFTER DELETE ON intervention_associations BEGIN
    UPDATE figure_versions SET version = version + 1 WHERE intervention_id = OLD.intervention_id;
END;
CREATE TRIGGER supplementary_questions_figures_insert AFTER INSERT ON supplementary_questions BEGIN
    UPDATE figure_versions SET version = version + 1;
END;
CREATE TRIGGER supplementary_questions_figures_update AFTER UPDATE ON supplementary_questions BEGIN
    UPDATE figure_versions SET version = version + 1;
END;
CREATE TRIGGER supplementary_questions_figures_delete AFTER DELETE ON supplementary_questions BEGIN
    UPDATE figure_versions SET version = version + 1;
END;

-- Retention looks for exits before a day.
CREATE INDEX participations_exit ON participations (exit_on);
