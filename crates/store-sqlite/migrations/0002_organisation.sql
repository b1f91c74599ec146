-- The organisation: associations with members, providers, own process templates,
-- interventions with their associations and goals. Lists are JSON arrays in TEXT.

CREATE TABLE associations (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    code           TEXT NOT NULL UNIQUE,
    name           TEXT NOT NULL,
    orgnr          TEXT NOT NULL,
    start_date     TEXT,
    municipalities TEXT NOT NULL
) STRICT;

CREATE TABLE association_members (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    association_id INTEGER NOT NULL REFERENCES associations (id) ON DELETE CASCADE,
    position       INTEGER NOT NULL,
    code           TEXT    NOT NULL,
    name           TEXT    NOT NULL,
    kind           TEXT    NOT NULL,
    financier      INTEGER NOT NULL CHECK (financier IN (0, 1)),
    share          INTEGER,
    UNIQUE (association_id, code)
) STRICT;

CREATE TABLE providers (
    id   INTEGER PRIMARY KEY AUTOINCREMENT,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL
) STRICT;

CREATE TABLE process_templates (
    id     INTEGER PRIMARY KEY AUTOINCREMENT,
    code   TEXT NOT NULL UNIQUE,
    name   TEXT NOT NULL,
    stages TEXT NOT NULL
) STRICT;

CREATE TABLE interventions (
    id                            INTEGER PRIMARY KEY AUTOINCREMENT,
    code                          TEXT    NOT NULL UNIQUE,
    name                          TEXT    NOT NULL,
    description                   TEXT    NOT NULL,
    provider_id                   INTEGER NOT NULL REFERENCES providers (id),
    orientation                   TEXT    NOT NULL,
    follow_up                     TEXT    NOT NULL,
    template                      TEXT    NOT NULL,
    start_date                    TEXT    NOT NULL,
    end_date                      TEXT,
    target_groups                 TEXT    NOT NULL,
    esf_funded                    INTEGER NOT NULL CHECK (esf_funded IN (0, 1)),
    planned_places                INTEGER,
    planned_participants_per_year INTEGER,
    caseload_min                  INTEGER,
    caseload_max                  INTEGER,
    steering_group                TEXT    NOT NULL
) STRICT;

CREATE TABLE intervention_associations (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    intervention_id INTEGER NOT NULL REFERENCES interventions (id) ON DELETE CASCADE,
    association_id  INTEGER NOT NULL REFERENCES associations (id),
    UNIQUE (intervention_id, association_id)
) STRICT;

CREATE TABLE goals (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    intervention_id INTEGER NOT NULL REFERENCES interventions (id) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    code            TEXT    NOT NULL,
    label           TEXT    NOT NULL,
    basis           TEXT    NOT NULL,
    numerator_kind  TEXT    NOT NULL,
    numerator_codes TEXT    NOT NULL,
    population      TEXT    NOT NULL,
    target          INTEGER NOT NULL,
    period_from     TEXT,
    period_to       TEXT,
    UNIQUE (intervention_id, code)
) STRICT;
