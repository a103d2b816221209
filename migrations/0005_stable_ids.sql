-- Wenzhai library schema, version 5. Never edit once released: add 0006_….sql instead.

-- Stable identities for exports. A W3C Web Annotation export names each annotation
-- `urn:uuid:<uuid>` and each collection by a UUID derived from the library's, so the
-- annotations of two libraries never share an id (rowids do: every library has an
-- annotation 1) and an annotation keeps its id across exports, edits and re-anchoring.
-- New rows get a v4 UUID from Rust (the `uuid` crate); the rows already here get one now,
-- inside the migration's transaction: random version-4 UUIDs made from SQLite's
-- randomblob() (a CSPRNG seeded by the OS), formatted as RFC 9562 text.

ALTER TABLE annotations ADD COLUMN uuid TEXT;

UPDATE annotations SET uuid =
    lower(hex(randomblob(4))) || '-' ||
    lower(hex(randomblob(2))) || '-' ||
    '4' || substr(lower(hex(randomblob(2))), 2) || '-' ||
    substr('89ab', 1 + (random() & 3), 1) || substr(lower(hex(randomblob(2))), 2) || '-' ||
    lower(hex(randomblob(6)));

CREATE UNIQUE INDEX annotations_uuid ON annotations(uuid);

-- ALTER TABLE cannot add a NOT NULL column without a constant default, which would give
-- every new row the same id; these triggers hold the NOT NULL instead.
CREATE TRIGGER annotations_uuid_on_insert BEFORE INSERT ON annotations
WHEN NEW.uuid IS NULL
BEGIN
    SELECT RAISE(ABORT, 'annotations.uuid is required');
END;

CREATE TRIGGER annotations_uuid_on_update BEFORE UPDATE OF uuid ON annotations
WHEN NEW.uuid IS NULL
BEGIN
    SELECT RAISE(ABORT, 'annotations.uuid is required');
END;

-- The library's own identity: one row. A backup and its restore keep it (the same
-- library); an export's collection ids are derived from it.
CREATE TABLE library_identity (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    uuid TEXT    NOT NULL
);

INSERT INTO library_identity (id, uuid) VALUES (1,
    lower(hex(randomblob(4))) || '-' ||
    lower(hex(randomblob(2))) || '-' ||
    '4' || substr(lower(hex(randomblob(2))), 2) || '-' ||
    substr('89ab', 1 + (random() & 3), 1) || substr(lower(hex(randomblob(2))), 2) || '-' ||
    lower(hex(randomblob(6))));
