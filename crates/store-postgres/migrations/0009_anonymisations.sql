-- Participations made anonymous (SPEC 10): after consent is withdrawn, after the
-- retention period, on erasure, or for protected identity. The participation keeps
-- its codes and dates for the statistics; this row says when and why.

CREATE TABLE anonymisations (
    participation_id BIGINT PRIMARY KEY REFERENCES participations (id) ON DELETE CASCADE,
    anonymised_on    DATE NOT NULL,
    why              TEXT NOT NULL
);
