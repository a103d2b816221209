-- Wenzhai library schema, version 6. Never edit once released: add 0007_….sql instead.

-- Near-duplicate reposts (see wenzhai_core::similar). Each article's MinHash sketch is made
-- once, at import (or by the backfill for articles imported before this version), from its
-- normalised text: the number of distinct shingles and the signature (little-endian u32s).
-- `version` is the sketch definition's (similar::SKETCH_VERSION); another is recomputed.
CREATE TABLE article_sketches (
    article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    version    INTEGER NOT NULL,
    shingles   INTEGER NOT NULL,
    signature  BLOB    NOT NULL
);

-- One row per LSH band of each sketch: articles sharing a band_key are candidates. No
-- foreign key and no index by article: the rows of an article are deleted by their keys
-- (recomputed from its signature) before its sketch goes, which keeps an import at one
-- B-tree insert per band.
CREATE TABLE sketch_bands (
    band_key   INTEGER NOT NULL,
    article_id INTEGER NOT NULL,
    PRIMARY KEY (band_key, article_id)
) WITHOUT ROWID;

-- Confirmed near-duplicate pairs (a < b) with their similarity (0–1).
CREATE TABLE near_duplicate_pairs (
    a          INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    b          INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    similarity REAL    NOT NULL,
    PRIMARY KEY (a, b),
    CHECK (a < b)
) WITHOUT ROWID;
CREATE INDEX near_duplicate_pairs_b ON near_duplicate_pairs(b);

-- Pairs the user chose to keep apart (a < b): no longer reported as near-duplicates.
CREATE TABLE kept_apart (
    a INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    b INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    PRIMARY KEY (a, b),
    CHECK (a < b)
) WITHOUT ROWID;
CREATE INDEX kept_apart_b ON kept_apart(b);
