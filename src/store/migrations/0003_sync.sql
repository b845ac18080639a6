-- gridbook schema 2: sync by file. Parked ops, field writes, household redirects, and the
-- bookkeeping of the bundles exchanged with peers.

-- Where a member, visit or request was written to ("home"); the `household` column shows the
-- household it is listed under, which differs when its home was merged into another household.
-- households.merged_into holds the resolved survivor (NULL for a household that is shown).
-- Rows are found by `household` (indexed): a row's household is its home or its home's survivor.
ALTER TABLE members ADD COLUMN home TEXT NOT NULL DEFAULT '';
UPDATE members SET home = household;
ALTER TABLE visits ADD COLUMN home TEXT NOT NULL DEFAULT '';
UPDATE visits SET home = household;
ALTER TABLE requests ADD COLUMN home TEXT NOT NULL DEFAULT '';
UPDATE requests SET home = household;

-- Nothing looks ops up by state (parked ops have their own table); the index only cost time
-- on every write.
DROP INDEX ops_state;

-- Ops stamped before 2020 or more than a day ahead when they arrived (flag 1), for the review
-- list without a scan of the log.
CREATE INDEX ops_clock_suspect ON ops (origin) WHERE flags & 1 = 1;

-- The label and keys shown for a device come from its latest enrol op.
ALTER TABLE devices ADD COLUMN enrol_hlc INTEGER NOT NULL DEFAULT 0;

-- Every applied write of a register field: an op supersedes a head only when it is itself an
-- applied write of the same field, whatever order the two arrived in.
CREATE TABLE field_writes (
    op_id  TEXT PRIMARY KEY,
    entity TEXT NOT NULL,
    field  TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO field_writes (op_id, entity, field)
    SELECT op_id, entity,
           CASE type WHEN 'household.merge' THEN 'merged_into'
                     ELSE json_extract(CAST(raw AS TEXT), '$.payload.field') END
    FROM ops
    WHERE state = 0 AND type IN ('household.set', 'member.set', 'request.set', 'household.merge');

-- Ops waiting for a parent (a household, request or visit version) that has not arrived; each
-- is retried when the op it waits for is applied.
CREATE TABLE parked (
    op_id     TEXT PRIMARY KEY,
    waits_for TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX parked_waits_for ON parked (waits_for);

-- Local bookkeeping below: never synced, not rebuilt from the log.

-- What each peer holds, from the sender vector of the newest bundle imported from it.
CREATE TABLE peers (
    device       TEXT PRIMARY KEY,
    label        TEXT NOT NULL,
    acked_vector TEXT NOT NULL DEFAULT '{}',
    acked_hlc    INTEGER NOT NULL DEFAULT 0,
    scopes       TEXT NOT NULL DEFAULT '[]',
    last_in      TEXT,
    last_in_at   INTEGER,
    last_out     TEXT,
    last_out_at  INTEGER
) WITHOUT ROWID;

CREATE TABLE bundles_in (
    bundle_id   TEXT PRIMARY KEY,
    sha256      BLOB NOT NULL,
    from_device TEXT NOT NULL,
    kind        TEXT NOT NULL,
    op_count    INTEGER NOT NULL,
    imported_at INTEGER NOT NULL,
    report      TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE bundles_out (
    bundle_id  TEXT PRIMARY KEY,
    to_device  TEXT,
    kind       TEXT NOT NULL,
    sha256     BLOB NOT NULL,
    path       TEXT NOT NULL,
    op_count   INTEGER NOT NULL,
    created_at INTEGER NOT NULL
) WITHOUT ROWID;

-- Public keys bundles are encrypted to (`gridbook keys --add-peer`).
CREATE TABLE team_keys (
    label    TEXT PRIMARY KEY,
    age_pk   TEXT NOT NULL UNIQUE,
    added_at INTEGER NOT NULL
) WITHOUT ROWID;

-- Review items the user looked at and set aside (e.g. two households that share a flat).
CREATE TABLE review_dismissed (
    kind         TEXT NOT NULL,
    item         TEXT NOT NULL,
    dismissed_at INTEGER NOT NULL,
    PRIMARY KEY (kind, item)
) WITHOUT ROWID;
