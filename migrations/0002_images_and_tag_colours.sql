-- Wenzhai library schema, version 2. Never edit once released: add 0003_….sql instead.

-- Remote images are blocked in the reader; the user may allow them per article (then they are
-- fetched by the app, without cookies, never by the webview from the remote origin).
ALTER TABLE articles ADD COLUMN images_allowed INTEGER NOT NULL DEFAULT 0;

-- A tag's colour as '#rrggbb', or NULL for the default.
ALTER TABLE tags ADD COLUMN color TEXT;
