-- Wenzhai library schema, version 3. Never edit once released: add 0004_….sql instead.

-- The library list pages through up to ~100,000 articles in three orders. Each order has an
-- index holding its sort key and id, so a page at any offset walks the index instead of
-- sorting the table. The index also holds what the list filters on (site and reading state):
-- those columns sit behind the large body columns in the article row, so reading them from
-- the row means walking its overflow pages; from the index, skipping OFFSET rows and counting
-- the matches never touch the rows, and only the shown page is read from the table.
CREATE INDEX articles_list_date
    ON articles(coalesce(published_at, imported_at), id, site, archived, starred, read_at);
CREATE INDEX articles_list_title
    ON articles(title, id, site, archived, starred, read_at);
CREATE INDEX articles_list_imported
    ON articles(imported_at, id, site, archived, starred, read_at);

-- The sites facet (count per site) and the list under one site.
CREATE INDEX articles_site ON articles(site);
