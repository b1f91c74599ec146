-- Signed checkpoints of the access log (finding M7): at `at` (milliseconds since
-- 1970) the log held `entries` entries and ended at `last_seq` with `head_hash`.
-- `signature` is an HMAC-SHA256 with a key kept outside the database, so nobody
-- who can only reach the database can sign a checkpoint that hides a cut log.
CREATE TABLE audit_checkpoints (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    at        INTEGER NOT NULL,
    entries   INTEGER NOT NULL,
    last_seq  INTEGER NOT NULL,
    head_hash TEXT    NOT NULL,
    key_id    TEXT    NOT NULL,
    signature TEXT    NOT NULL
) STRICT;
