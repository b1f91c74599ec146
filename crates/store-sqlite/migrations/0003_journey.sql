-- The participant journey: persons in each provider's register, referrals,
-- selection meetings, cohorts, participations with consent, baseline and exit,
-- stage periods, dated entries, and the employer register with its contact log.
-- Code lists are stored as their codes; several codes as `a|b`; entry bodies as JSON.

CREATE TABLE persons (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    provider_id     INTEGER NOT NULL REFERENCES providers (id),
    personal_number TEXT,
    name            TEXT,
    alias           TEXT,
    sex             TEXT NOT NULL,
    birth_year      INTEGER NOT NULL,
    protected       INTEGER NOT NULL CHECK (protected IN (0, 1)),
    created_at      INTEGER NOT NULL,
    UNIQUE (provider_id, personal_number)
) STRICT;
CREATE INDEX persons_provider ON persons (provider_id);

CREATE TABLE referrals (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    intervention_id INTEGER NOT NULL REFERENCES interventions (id),
    person_id       INTEGER NOT NULL REFERENCES persons (id),
    received_on     TEXT NOT NULL,
    source          TEXT NOT NULL,
    source_unit     TEXT NOT NULL,
    officer_name    TEXT NOT NULL,
    officer_user_id INTEGER,
    reason          TEXT NOT NULL,
    status          TEXT NOT NULL,
    escalated       INTEGER NOT NULL CHECK (escalated IN (0, 1))
) STRICT;
CREATE INDEX referrals_intervention ON referrals (intervention_id, received_on);
CREATE INDEX referrals_officer ON referrals (officer_user_id);
CREATE INDEX referrals_person ON referrals (person_id);

CREATE TABLE selection_meetings (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    intervention_id INTEGER NOT NULL REFERENCES interventions (id),
    group_kind      TEXT NOT NULL,
    held_on         TEXT NOT NULL,
    attendees       TEXT NOT NULL
) STRICT;
CREATE INDEX selection_meetings_intervention ON selection_meetings (intervention_id);

CREATE TABLE selection_proposals (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    meeting_id  INTEGER NOT NULL REFERENCES selection_meetings (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    referral_id INTEGER NOT NULL REFERENCES referrals (id),
    decision    TEXT NOT NULL,
    unanimous   INTEGER NOT NULL CHECK (unanimous IN (0, 1))
) STRICT;
CREATE INDEX selection_proposals_meeting ON selection_proposals (meeting_id);

CREATE TABLE cohorts (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    intervention_id INTEGER NOT NULL REFERENCES interventions (id),
    name            TEXT NOT NULL,
    starts_on       TEXT NOT NULL,
    capacity        INTEGER NOT NULL
) STRICT;
CREATE INDEX cohorts_intervention ON cohorts (intervention_id);

CREATE TABLE participations (
    id                    INTEGER PRIMARY KEY AUTOINCREMENT,
    intervention_id       INTEGER NOT NULL REFERENCES interventions (id),
    person_id             INTEGER NOT NULL REFERENCES persons (id),
    referral_id           INTEGER REFERENCES referrals (id),
    cohort_id             INTEGER REFERENCES cohorts (id),
    coach_user_id         INTEGER,
    start_on              TEXT NOT NULL,
    sex                   TEXT NOT NULL,
    birth_year            INTEGER NOT NULL,
    consent_given_on      TEXT,
    consent_scope         TEXT,
    consent_withdrawn_on  TEXT,
    income_before         TEXT NOT NULL,
    occupation_before     TEXT,
    education             TEXT,
    time_away             TEXT,
    municipality          TEXT NOT NULL,
    obstacles             TEXT NOT NULL,
    decisive_change       TEXT NOT NULL,
    exit_on               TEXT,
    exit_reason           TEXT,
    occupation_after      TEXT,
    employment_form_after TEXT,
    extent_after          INTEGER,
    study_form_after      TEXT,
    income_after          TEXT NOT NULL,
    exit_analysis         TEXT NOT NULL,
    receiving_org         TEXT NOT NULL,
    updated_at            INTEGER NOT NULL
) STRICT;
CREATE INDEX participations_intervention ON participations (intervention_id, start_on);
CREATE INDEX participations_coach ON participations (coach_user_id);
CREATE INDEX participations_person ON participations (person_id);

CREATE TABLE stage_periods (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    participation_id INTEGER NOT NULL REFERENCES participations (id) ON DELETE CASCADE,
    position         INTEGER NOT NULL,
    stage            TEXT NOT NULL,
    entered_on       TEXT NOT NULL,
    left_on          TEXT
) STRICT;
CREATE INDEX stage_periods_participation ON stage_periods (participation_id);

CREATE TABLE participation_entries (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    participation_id INTEGER NOT NULL REFERENCES participations (id) ON DELETE CASCADE,
    kind             TEXT NOT NULL,
    entry_on         TEXT NOT NULL,
    body             TEXT NOT NULL,
    written_by       TEXT NOT NULL,
    written_at       INTEGER NOT NULL
) STRICT;
CREATE INDEX participation_entries_participation ON participation_entries (participation_id);

CREATE TABLE employers (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    provider_id INTEGER NOT NULL REFERENCES providers (id),
    name        TEXT NOT NULL,
    orgnr       TEXT,
    sector      TEXT NOT NULL,
    industry    TEXT NOT NULL,
    contact     TEXT NOT NULL
) STRICT;
CREATE INDEX employers_provider ON employers (provider_id);

CREATE TABLE employer_contacts (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    employer_id      INTEGER NOT NULL REFERENCES employers (id),
    contact_on       TEXT NOT NULL,
    note             TEXT NOT NULL,
    participation_id INTEGER REFERENCES participations (id),
    written_by       TEXT NOT NULL
) STRICT;
CREATE INDEX employer_contacts_employer ON employer_contacts (employer_id);
