-- gridbook schema 4: provenance (bundle format 2, SYNC.md "Provenance and team trust").

-- The feed chain: chain[seq] = SHA-256(chain[seq-1] || sha256) over each (origin, scope) in seq
-- order, chain[0] all zeros. NULL only for ops migrated from before this schema that follow a
-- gap in their feed (the link before the gap is unknown).
ALTER TABLE ops ADD COLUMN chain BLOB;
-- Exports find the ops whose link is unknown without reading every row.
CREATE INDEX ops_unlinked ON ops (origin, scope, seq) WHERE chain IS NULL;

-- Links of a feed learnt from a bundle whose run started after a gap here: chain[seq] for a seq
-- this database does not hold (yet). The ops that fill the gap must reach it.
CREATE TABLE feed_links (
    origin TEXT NOT NULL,
    scope  TEXT NOT NULL,
    seq    INTEGER NOT NULL,
    chain  BLOB NOT NULL,
    PRIMARY KEY (origin, scope, seq)
) WITHOUT ROWID;

-- Feed heads signed by their origin, as received: a relay forwards them unchanged.
CREATE TABLE feed_heads (
    origin    TEXT NOT NULL,
    scope     TEXT NOT NULL,
    seq       INTEGER NOT NULL,
    chain     BLOB NOT NULL,
    signature TEXT NOT NULL,
    PRIMARY KEY (origin, scope, seq)
) WITHOUT ROWID;

-- The team this database belongs to (local; no row: a team of one, solo use and the demo).
CREATE TABLE team (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    team_pk   BLOB NOT NULL,
    name      TEXT NOT NULL,
    joined_at INTEGER NOT NULL
);

-- The newest valid certificate of each device, from the team.certify ops (rebuilt by check).
CREATE TABLE certificates (
    device  TEXT PRIMARY KEY,
    label   TEXT NOT NULL,
    grids   TEXT NOT NULL,
    role    TEXT NOT NULL,
    sign_pk BLOB NOT NULL,
    age_pk  TEXT NOT NULL,
    issued  INTEGER NOT NULL,
    op_id   TEXT NOT NULL
) WITHOUT ROWID;

-- Revoked devices: their ops numbered beyond `upto` (JSON {scope: seq}) are refused.
CREATE TABLE revocations (
    device TEXT PRIMARY KEY,
    upto   TEXT NOT NULL,
    issued INTEGER NOT NULL,
    op_id  TEXT NOT NULL
) WITHOUT ROWID;
