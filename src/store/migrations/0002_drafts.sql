-- gridbook schema 2: visit drafts. Local to this device, never synced, not part of the op log:
-- a draft is the visit form as it stands, saved on every change so nothing typed is lost.

CREATE TABLE drafts (
    household  TEXT PRIMARY KEY,
    visit      TEXT NOT NULL,
    content    TEXT NOT NULL,
    updated_at TEXT NOT NULL
) WITHOUT ROWID;
