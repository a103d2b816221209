-- Wenzhai library schema: pinyin keys. Never edit once released: add a later migration instead.
--
-- The search box suggests titles, tags and sites as the user types, by pinyin too (zzgz and
-- zuzhigongzuo find 组织工作). Turning a text into pinyin needs a 378K-word dictionary that
-- takes over a second to load, so each text's syllables are worked out once and kept here,
-- keyed by the text itself (a title, a tag path or a site, exactly as stored): the same title
-- in many articles is converted once, and a suggestion index loads 76K titles' keys in
-- milliseconds. A row whose text is no longer used is harmless (it is only a cache) and is
-- swept when keys are refreshed. `scheme` is the version of the rules that made the row, so
-- better rules recompute old rows instead of trusting them.
-- IF NOT EXISTS: this file was written on a branch where it ran as version 6.
CREATE TABLE IF NOT EXISTS pinyin_keys (
    text      TEXT PRIMARY KEY,
    syllables TEXT NOT NULL,
    scheme    INTEGER NOT NULL
) WITHOUT ROWID;
