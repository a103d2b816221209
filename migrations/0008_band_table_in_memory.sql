-- Wenzhai library schema, version 8. Never edit once released: add 0009_….sql instead.

-- The LSH band table of near-duplicate detection moves out of SQLite into the writer's memory
-- (wenzhai_core::band_index, built from article_sketches when first needed). Its keys are
-- hashes, so each import wrote 32 rows onto 32 random pages of this table, and on a large
-- library every commit rewrote those pages into the WAL: 1.6x the import time on 76K
-- articles. Everything here is derived from article_sketches.signature.
DROP TABLE sketch_bands;

-- How many articles are sketched by the current definition, counted at every writer's open
-- (Store::unsketched_count) without reading the signatures.
CREATE INDEX article_sketches_version ON article_sketches(version);
