-- Wrong passwords per login name, known or not (so the answer never tells which names
-- exist): five within 15 minutes lock the name for 15 minutes. A right password, or a
-- new password set by a manager, clears the row.
CREATE TABLE sign_in_failures (
    login            TEXT PRIMARY KEY CHECK (length(login) BETWEEN 1 AND 32),
    failures         INTEGER NOT NULL CHECK (failures >= 0),
    first_failed_at  TIMESTAMPTZ NOT NULL,
    locked_until     TIMESTAMPTZ
);
