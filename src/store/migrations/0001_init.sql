-- gridbook schema 1: the op log (source of truth) and the tables the UI reads.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- This device, as enrolled in this database.
CREATE TABLE device_self (
    id          TEXT PRIMARY KEY,
    label       TEXT NOT NULL,
    hlc_last    INTEGER NOT NULL,
    enrolled_at INTEGER NOT NULL,
    -- Local changes written since the last export (shown in the status line).
    unsynced    INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

-- Every device whose ops this database holds.
CREATE TABLE devices (
    id         TEXT PRIMARY KEY,
    label      TEXT NOT NULL,
    sign_pk    BLOB,
    age_pk     TEXT,
    first_seen INTEGER NOT NULL,
    revoked    INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

-- The log. `raw` is the op's JSON line exactly as written or received; `sha256` its hash.
-- state: 0 applied, 1 parked (parent missing), 2 unknown type (stored and relayed), 3 invalid.
CREATE TABLE ops (
    op_id       TEXT NOT NULL UNIQUE,
    origin      TEXT NOT NULL,
    scope       TEXT NOT NULL,
    seq         INTEGER NOT NULL,
    hlc         INTEGER NOT NULL,
    type        TEXT NOT NULL,
    entity      TEXT NOT NULL,
    raw         BLOB NOT NULL,
    sha256      BLOB NOT NULL,
    state       INTEGER NOT NULL,
    flags       INTEGER NOT NULL DEFAULT 0,
    bundle      TEXT,
    received_at INTEGER NOT NULL,
    UNIQUE (origin, scope, seq)
);
CREATE INDEX ops_entity ON ops (entity);
CREATE INDEX ops_state ON ops (state);

CREATE TABLE op_pred (
    op_id   TEXT NOT NULL,
    pred_id TEXT NOT NULL,
    PRIMARY KEY (op_id, pred_id)
) WITHOUT ROWID;
CREATE INDEX op_pred_pred ON op_pred (pred_id);

-- Multi-value registers: the ops that last wrote each field and were not superseded. A field
-- with no rows still shows the value its entity was created with.
CREATE TABLE field_heads (
    entity TEXT NOT NULL,
    field  TEXT NOT NULL,
    op_id  TEXT NOT NULL,
    value  TEXT NOT NULL,
    hlc    INTEGER NOT NULL,
    origin TEXT NOT NULL,
    PRIMARY KEY (entity, field, op_id)
) WITHOUT ROWID;

-- Fields whose heads hold different values: to be reviewed.
CREATE TABLE conflicts (
    entity TEXT NOT NULL,
    field  TEXT NOT NULL,
    heads  TEXT NOT NULL,
    PRIMARY KEY (entity, field)
) WITHOUT ROWID;

-- What the UI reads, maintained from the ops in the same transaction.

CREATE TABLE households (
    id           TEXT PRIMARY KEY,
    create_op    TEXT NOT NULL,
    grid         TEXT NOT NULL,
    compound     TEXT NOT NULL,
    building     TEXT NOT NULL,
    unit         TEXT NOT NULL,
    room         TEXT NOT NULL,
    household_no TEXT NOT NULL,
    note         TEXT NOT NULL,
    archived     INTEGER NOT NULL,
    merged_into  TEXT,
    created_hlc  INTEGER NOT NULL,
    -- Kept up to date from members, visits and requests so the household list reads one row
    -- per household: the head's name, present members, their tags (JSON), the last visit day,
    -- unresolved requests and the earliest due date among them.
    head          TEXT NOT NULL DEFAULT '',
    member_count  INTEGER NOT NULL DEFAULT 0,
    tags          TEXT NOT NULL DEFAULT '[]',
    last_visit    TEXT,
    open_requests INTEGER NOT NULL DEFAULT 0,
    next_due      TEXT
) WITHOUT ROWID;
CREATE INDEX households_grid ON households (grid);

CREATE TABLE members (
    id          TEXT PRIMARY KEY,
    create_op   TEXT NOT NULL,
    household   TEXT NOT NULL REFERENCES households (id),
    name        TEXT NOT NULL,
    relation    TEXT NOT NULL,
    gender      TEXT,
    birth       TEXT,
    id_number   TEXT,
    phone       TEXT,
    tags        TEXT NOT NULL,
    note        TEXT NOT NULL,
    status      TEXT NOT NULL,
    created_hlc INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX members_household ON members (household);
CREATE INDEX members_id_number ON members (id_number);

CREATE TABLE member_tags (
    member TEXT NOT NULL REFERENCES members (id),
    tag    TEXT NOT NULL,
    PRIMARY KEY (member, tag)
) WITHOUT ROWID;
CREATE INDEX member_tags_tag ON member_tags (tag);

-- A visit and the version currently shown; every version is in visit_versions.
CREATE TABLE visits (
    id              TEXT PRIMARY KEY,
    household       TEXT NOT NULL REFERENCES households (id),
    first_version   TEXT NOT NULL,
    current_version TEXT NOT NULL,
    at              TEXT NOT NULL,
    day             TEXT NOT NULL,
    mode            TEXT NOT NULL,
    visitor         TEXT NOT NULL,
    versions        INTEGER NOT NULL,
    forked          INTEGER NOT NULL,
    voided          INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX visits_household ON visits (household, at);
CREATE INDEX visits_day ON visits (day);

-- Every version of every visit; the content stays in the op (ops.raw), not copied here.
CREATE TABLE visit_versions (
    op_id    TEXT PRIMARY KEY,
    visit    TEXT NOT NULL REFERENCES visits (id),
    corrects TEXT,
    reason   TEXT NOT NULL,
    hlc      INTEGER NOT NULL,
    origin   TEXT NOT NULL,
    author   TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX visit_versions_visit ON visit_versions (visit);
CREATE INDEX visit_versions_corrects ON visit_versions (corrects);

CREATE TABLE requests (
    id          TEXT PRIMARY KEY,
    create_op   TEXT NOT NULL,
    household   TEXT NOT NULL REFERENCES households (id),
    visit       TEXT,
    category    TEXT NOT NULL,
    tier        TEXT NOT NULL,
    summary     TEXT NOT NULL,
    opened_at   TEXT NOT NULL,
    due         TEXT,
    status      TEXT NOT NULL,
    round       INTEGER NOT NULL,
    status_op   TEXT NOT NULL,
    assignee    TEXT,
    resolved_at TEXT,
    result      TEXT,
    mediated    INTEGER,
    rating      TEXT,
    created_hlc INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX requests_household ON requests (household);
CREATE INDEX requests_status ON requests (status, due);
CREATE INDEX requests_visit ON requests (visit);

-- Every lifecycle event, feedback and evaluation of a request, valid or not.
CREATE TABLE request_events (
    op_id       TEXT PRIMARY KEY,
    request     TEXT NOT NULL REFERENCES requests (id),
    to_status   TEXT NOT NULL,
    rank        INTEGER NOT NULL,
    round       INTEGER NOT NULL,
    from_status TEXT NOT NULL,
    from_round  INTEGER NOT NULL,
    valid       INTEGER NOT NULL,
    at          TEXT NOT NULL,
    author      TEXT NOT NULL,
    hlc         INTEGER NOT NULL,
    origin      TEXT NOT NULL,
    note        TEXT NOT NULL,
    assignee    TEXT,
    result      TEXT,
    mediated    INTEGER,
    rating      TEXT
) WITHOUT ROWID;
CREATE INDEX request_events_request ON request_events (request, round, rank);
