-- Accounts, roles, sessions, failed logins and the access log.
-- Instants are INTEGER milliseconds since 1970-01-01 UTC.

CREATE TABLE users (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    username       TEXT    NOT NULL UNIQUE,
    display_name   TEXT    NOT NULL,
    password_hash  TEXT    NOT NULL,
    disabled       INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    totp_secret    TEXT,
    totp_last_step INTEGER,
    created_at     INTEGER NOT NULL
) STRICT;

CREATE TABLE role_assignments (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role       TEXT    NOT NULL,
    scope_kind TEXT    NOT NULL,
    scope_code TEXT    NOT NULL,
    UNIQUE (user_id, role, scope_kind, scope_code)
) STRICT;

CREATE TABLE sessions (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    token_hash         TEXT    NOT NULL UNIQUE,
    user_id            INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at         INTEGER NOT NULL,
    last_seen_at       INTEGER NOT NULL,
    second_factor_done INTEGER NOT NULL CHECK (second_factor_done IN (0, 1)),
    client             TEXT    NOT NULL
) STRICT;
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE failed_logins (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    at       INTEGER NOT NULL,
    username TEXT    NOT NULL,
    address  TEXT    NOT NULL
) STRICT;
CREATE INDEX failed_logins_username ON failed_logins (username, at);
CREATE INDEX failed_logins_address ON failed_logins (address, at);

-- The access log. No foreign key to users: entries outlive accounts.
CREATE TABLE audit_log (
    seq              INTEGER PRIMARY KEY,
    at               INTEGER NOT NULL,
    actor_user_id    INTEGER,
    actor_name       TEXT    NOT NULL,
    event            TEXT    NOT NULL,
    target_kind      TEXT    NOT NULL,
    target_id        TEXT    NOT NULL,
    participation_id INTEGER,
    reason           TEXT,
    details          TEXT    NOT NULL,
    prev_hash        TEXT    NOT NULL,
    hash             TEXT    NOT NULL
) STRICT;
CREATE INDEX audit_log_actor ON audit_log (actor_user_id, seq);
CREATE INDEX audit_log_participation ON audit_log (participation_id, seq);
CREATE INDEX audit_log_at ON audit_log (at);
