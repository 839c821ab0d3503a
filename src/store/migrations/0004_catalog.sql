-- 0004: the catalog of service items (issue 5): versioned items, bundles,
-- editable online-depth labels, and the search indexes.
--
-- An item (catalog_items) has versions (catalog_versions); a version is a
-- document (doc: the canonical JSON of src/core/catalog_io.c, checked by
-- src/core/catalog.c before it is written) with the columns needed for
-- references and ordering. Dates are 'YYYY-MM-DD' in Asia/Shanghai. The
-- current version of an item is its latest version effective on or before
-- today; current_version caches it and catalog_meta.next_change names the
-- earliest day on which a scheduled version takes over, so that readers
-- notice when the cache must be refreshed (src/store/sqlite_catalog.c).
--
-- catalog_search holds one row per item with a current version (retired
-- items have none), rowid = item id, and three FTS5 indexes read it as
-- external content: catalog_fts (trigram: names and keywords, tier 1 of the
-- ranking), catalog_fts_all (trigram: names with keywords, and materials, in
-- two columns, so that tier 2 is one query: "in materials, NOT in names")
-- and catalog_fts_short (unicode61 over the single characters and pairs of
-- the name and the keywords, for words of 1-2 characters that trigrams
-- cannot match). Each
-- index also holds the filter tags (department, type, depth, channel, tier,
-- life event; see cat_item_tags()). Triggers keep them in step.
CREATE TABLE catalog_items (
  id              INTEGER PRIMARY KEY,
  code            TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 63),
  current_version INTEGER NOT NULL DEFAULT 0,
  latest_version  INTEGER NOT NULL DEFAULT 0,
  retired_on      TEXT CHECK (retired_on IS NULL OR retired_on GLOB
                              '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
  retired_reason  TEXT NOT NULL DEFAULT '' CHECK (length(CAST(retired_reason AS BLOB)) <= 400),
  created_at      INTEGER NOT NULL
);

CREATE TABLE catalog_versions (
  id             INTEGER PRIMARY KEY,
  item_id        INTEGER NOT NULL REFERENCES catalog_items(id),
  version        INTEGER NOT NULL CHECK (version >= 1),
  effective_from TEXT NOT NULL
                 CHECK (effective_from GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
  name           TEXT NOT NULL CHECK (length(CAST(name AS BLOB)) BETWEEN 1 AND 255),
  department_id  INTEGER NOT NULL REFERENCES departments(id),
  doc            TEXT NOT NULL CHECK (json_valid(doc) AND length(CAST(doc AS BLOB)) <= 262144),
  created_at     INTEGER NOT NULL,
  created_by     INTEGER REFERENCES users(id),
  UNIQUE (item_id, version)
);
CREATE INDEX catalog_versions_from ON catalog_versions(effective_from);

CREATE TABLE catalog_meta (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  next_change TEXT -- earliest effective_from of a scheduled version, NULL when none
);
INSERT INTO catalog_meta(id, next_change) VALUES (1, NULL);

CREATE TABLE catalog_depth_labels (
  depth    INTEGER PRIMARY KEY CHECK (depth BETWEEN 1 AND 4),
  label_zh TEXT NOT NULL CHECK (length(CAST(label_zh AS BLOB)) BETWEEN 1 AND 127),
  label_en TEXT NOT NULL CHECK (length(CAST(label_en AS BLOB)) BETWEEN 1 AND 127)
);
INSERT INTO catalog_depth_labels VALUES
  (1, '信息公开：网上发布办事指南', 'Information online'),
  (2, '表格下载：在线获取申请表格', 'Forms to download'),
  (3, '网上预审：在线提交、预审', 'Online submission and pre-review'),
  (4, '全程网办：零跑腿', 'Fully online, zero visits');

CREATE TABLE catalog_bundles (
  id                 INTEGER PRIMARY KEY,
  code               TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 63),
  name               TEXT NOT NULL CHECK (length(CAST(name AS BLOB)) BETWEEN 1 AND 255),
  name_en            TEXT NOT NULL DEFAULT '' CHECK (length(CAST(name_en AS BLOB)) <= 255),
  lead_department_id INTEGER NOT NULL REFERENCES departments(id),
  description        TEXT NOT NULL DEFAULT '' CHECK (length(CAST(description AS BLOB)) <= 999),
  updated_at         INTEGER NOT NULL
);

CREATE TABLE catalog_bundle_items (
  bundle_id INTEGER NOT NULL REFERENCES catalog_bundles(id),
  pos       INTEGER NOT NULL CHECK (pos BETWEEN 0 AND 19),
  item_id   INTEGER NOT NULL REFERENCES catalog_items(id),
  PRIMARY KEY (bundle_id, pos),
  UNIQUE (bundle_id, item_id)
) WITHOUT ROWID;
CREATE INDEX catalog_bundle_items_item ON catalog_bundle_items(item_id);

CREATE TABLE catalog_search (
  id            INTEGER PRIMARY KEY REFERENCES catalog_items(id),
  version       INTEGER NOT NULL,
  code          TEXT NOT NULL,
  name          TEXT NOT NULL,
  name_en       TEXT NOT NULL,
  department_id INTEGER NOT NULL,
  type          INTEGER NOT NULL,
  depth         INTEGER NOT NULL,
  immediate     INTEGER NOT NULL,
  channels      INTEGER NOT NULL,
  accept_tiers  INTEGER NOT NULL,
  decide_tier   INTEGER NOT NULL,
  life_events   INTEGER NOT NULL,
  visits        INTEGER NOT NULL,
  legal_days    INTEGER NOT NULL,
  promised_days INTEGER NOT NULL,
  fee_fen       INTEGER NOT NULL,
  keywords      TEXT NOT NULL, -- the code and the keywords, space separated
  namekw        TEXT NOT NULL, -- name and keywords
  materials     TEXT NOT NULL, -- material names
  grams         TEXT NOT NULL, -- single characters and pairs of name and keywords
  tags          TEXT NOT NULL
);
-- The rows hold long texts for the indexes; counts and the summary read
-- this narrow covering index instead of the table.
CREATE INDEX catalog_search_facets ON catalog_search(
  department_id, type, depth, immediate, visits, fee_fen, life_events);

CREATE VIRTUAL TABLE catalog_fts USING fts5(
  name, keywords, tags, content='catalog_search', content_rowid='id', tokenize='trigram');
CREATE VIRTUAL TABLE catalog_fts_all USING fts5(
  namekw, materials, tags, content='catalog_search', content_rowid='id', tokenize='trigram',
  columnsize=0);
CREATE VIRTUAL TABLE catalog_fts_short USING fts5(
  grams, tags, content='catalog_search', content_rowid='id', tokenize='unicode61',
  columnsize=0);

CREATE TRIGGER catalog_search_ai AFTER INSERT ON catalog_search BEGIN
  INSERT INTO catalog_fts(rowid, name, keywords, tags)
    VALUES (new.id, new.name, new.keywords, new.tags);
  INSERT INTO catalog_fts_all(rowid, namekw, materials, tags)
    VALUES (new.id, new.namekw, new.materials, new.tags);
  INSERT INTO catalog_fts_short(rowid, grams, tags) VALUES (new.id, new.grams, new.tags);
END;
CREATE TRIGGER catalog_search_ad AFTER DELETE ON catalog_search BEGIN
  INSERT INTO catalog_fts(catalog_fts, rowid, name, keywords, tags)
    VALUES ('delete', old.id, old.name, old.keywords, old.tags);
  INSERT INTO catalog_fts_all(catalog_fts_all, rowid, namekw, materials, tags)
    VALUES ('delete', old.id, old.namekw, old.materials, old.tags);
  INSERT INTO catalog_fts_short(catalog_fts_short, rowid, grams, tags)
    VALUES ('delete', old.id, old.grams, old.tags);
END;
