-- Wenzhai library schema, version 4. Never edit once released: add 0005_….sql instead.

-- Earlier versions of an article. When a newer save of the same page (same URL, different
-- text) replaces an article's text on import, the original it had been extracted from moves
-- here: nothing the user gave us is lost, and that text can always be extracted again.
-- The bytes stay in originals/ (content-addressed), so backups and `wz check` include them.
CREATE TABLE article_versions (
    id              INTEGER PRIMARY KEY,
    article_id      INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    original_sha256 TEXT    NOT NULL,
    original_name   TEXT,
    imported_at     TEXT    NOT NULL,     -- when that original was imported (ISO 8601 UTC)
    replaced_at     TEXT    NOT NULL      -- when a newer save replaced it
);
CREATE INDEX article_versions_article ON article_versions(article_id);
