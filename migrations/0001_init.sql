-- Wenzhai library schema, version 1. Never edit once released: add 0002_….sql instead.

CREATE TABLE articles (
    id              INTEGER PRIMARY KEY,
    title           TEXT    NOT NULL,
    author          TEXT,
    published_at    TEXT,                 -- ISO 8601 local time as written on the page
    source          TEXT,                 -- 来源
    site            TEXT,
    section         TEXT,                 -- breadcrumb
    url             TEXT,
    lang            TEXT    NOT NULL DEFAULT 'und',
    body_text       TEXT    NOT NULL,     -- annotation offsets count chars of this
    body_html       TEXT    NOT NULL,     -- sanitized
    content_hash    TEXT    NOT NULL,     -- sha256 of whitespace-free body_text
    original_sha256 TEXT    NOT NULL,     -- originals/<aa>/<sha256>
    original_name   TEXT,
    format          TEXT    NOT NULL,
    encoding        TEXT    NOT NULL,
    imported_at     TEXT    NOT NULL,     -- ISO 8601 UTC
    read_at         TEXT,
    progress        REAL    NOT NULL DEFAULT 0,
    starred         INTEGER NOT NULL DEFAULT 0,
    archived        INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX articles_content_hash ON articles(content_hash);
CREATE INDEX articles_url ON articles(url) WHERE url IS NOT NULL;
CREATE INDEX articles_original ON articles(original_sha256);

-- Hierarchical by '/': 党建/组织建设 is a child of 党建.
CREATE TABLE tags (
    id   INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE
);

CREATE TABLE article_tags (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    tag_id     INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
    PRIMARY KEY (article_id, tag_id)
) WITHOUT ROWID;
CREATE INDEX article_tags_tag ON article_tags(tag_id);

-- W3C Web Annotation selectors over body_text: TextQuote (exact + prefix + suffix) to re-anchor
-- when the text changes, TextPosition (char offsets) for the fast path.
CREATE TABLE annotations (
    id           INTEGER PRIMARY KEY,
    article_id   INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    kind         TEXT    NOT NULL CHECK (kind IN ('highlight', 'note')),
    color        TEXT,
    note         TEXT,
    quote_exact  TEXT    NOT NULL,
    quote_prefix TEXT    NOT NULL DEFAULT '',
    quote_suffix TEXT    NOT NULL DEFAULT '',
    pos_start    INTEGER NOT NULL,
    pos_end      INTEGER NOT NULL,
    created_at   TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL
);
CREATE INDEX annotations_article ON annotations(article_id);

-- Small counters. `changes` grows with every write that the search index must see; the index
-- stores the value it has caught up to in its commit payload.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO meta(key, value) VALUES ('changes', 0);
