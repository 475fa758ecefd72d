-- The write rate limit (the generic cell rate algorithm), counted here rather than in one
-- process's memory, so that every process serving this database counts a client's writes
-- alike. `arrival` is a key's theoretical arrival time, in milliseconds; rows whose time has
-- passed say nothing and are swept.
CREATE TABLE write_limits (
    key TEXT PRIMARY KEY NOT NULL,
    arrival INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
