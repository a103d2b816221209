// The Wenzhai window: the filter sidebar (views, tag tree, sites) on the left, the article
// list (or search results, or the notes view) in the middle, the reader on the right;
// drag-and-drop import with progress. All data comes from our own Rust commands.

import { invoke } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";
import { getCurrentWebview } from "@tauri-apps/api/webview";
import type { ArticleDetail } from "./bindings/ArticleDetail";
import type { ArticleSummary } from "./bindings/ArticleSummary";
import type { DuplicateCluster } from "./bindings/DuplicateCluster";
import type { ImportOutcome } from "./bindings/ImportOutcome";
import type { ImportProgress } from "./bindings/ImportProgress";
import type { ImportSummary } from "./bindings/ImportSummary";
import type { ListPage } from "./bindings/ListPage";
import type { ListQuery } from "./bindings/ListQuery";
import type { ListSort } from "./bindings/ListSort";
import type { SearchHit } from "./bindings/SearchHit";
import type { SearchResults } from "./bindings/SearchResults";
import { SelectionToolbar } from "./annotations";
import { Bulk } from "./bulk";
import { renderChips } from "./chips";
import { $, button, composing, el, errorText, highlighted, typing, type IpcError } from "./dom";
import { chooseEncoding, ENCODING_CODES } from "./encoding";
import { initialLang, t, type Lang } from "./i18n";
import { fillNotesControls, notesSource, type NotesControls } from "./notes";
import { dot, Reader } from "./reader";
import type { NearDuplicate } from "./bindings/NearDuplicate";
import { SearchSuggest } from "./search-suggest";
import { Sidebar } from "./sidebar";
import { VirtualList, type ListSource, type Row } from "./vlist";
import { bindPaste } from "./paste";
import { applyImagePolicy, newerSaves, SettingsPanel } from "./settings";

interface LibraryInfo {
  path: string | null;
  articles: number;
  read_only: boolean;
  error: IpcError | null;
}
interface ImportResult {
  summary: ImportSummary;
  outcomes: ImportOutcome[];
  cancelled: boolean;
}

const els = {
  search: $<HTMLInputElement>("search"),
  chips: $("query-chips"),
  importButton: $<HTMLButtonElement>("import-button"),
  importMenu: $("import-menu"),
  langToggle: $<HTMLButtonElement>("lang-toggle"),
  themeToggle: $<HTMLButtonElement>("theme-toggle"),
  notesToggle: $<HTMLButtonElement>("notes-toggle"),
  notesFilters: $("notes-filters"),
  notesActions: $("notes-actions"),
  sidebar: $("sidebar"),
  sortBar: $("sort-bar"),
  sort: $<HTMLSelectElement>("sort"),
  reverse: $<HTMLButtonElement>("sort-reverse"),
  bulkBar: $("bulk-bar"),
  importResults: $<HTMLDetailsElement>("import-results"),
  importResultsSummary: $("import-results-summary"),
  importResultsList: $<HTMLUListElement>("import-results-list"),
  status: $("status"),
  heading: $("list-heading"),
  scroller: $("list-scroll"),
  list: $<HTMLUListElement>("articles"),
  empty: $("empty"),
  reader: $("reader"),
  importPanel: $("import-panel"),
  importProgress: $<HTMLProgressElement>("import-progress"),
  importText: $("import-text"),
  importCancel: $<HTMLButtonElement>("import-cancel"),
  dropOverlay: $("drop-overlay"),
  help: $("help"),
  settings: $("settings"),
  settingsToggle: $<HTMLButtonElement>("settings-toggle"),
};
const notesControls: NotesControls = {
  color: $<HTMLSelectElement>("notes-color"),
  tag: $<HTMLSelectElement>("notes-tag"),
  query: $<HTMLInputElement>("notes-query"),
  thisArticle: $<HTMLInputElement>("notes-this-article"),
  thisArticleLabel: $("notes-this-article-label"),
  exportButton: $<HTMLButtonElement>("notes-export"),
};

const THEMES = ["light", "sepia", "dark"] as const;
type Theme = (typeof THEMES)[number];
const SORTS: ListSort[] = ["date", "title", "imported"];
const ARTICLE_ROW_HEIGHT = 64;
const HIT_ROW_HEIGHT = 100;

let lang: Lang = initialLang();
let theme: Theme = (THEMES as readonly string[]).includes(localStorage.getItem("wenzhai.theme") ?? "")
  ? (localStorage.getItem("wenzhai.theme") as Theme)
  : "light";
let sort: ListSort = (SORTS as string[]).includes(localStorage.getItem("wenzhai.sort") ?? "")
  ? (localStorage.getItem("wenzhai.sort") as ListSort)
  : "date";
let reverse = localStorage.getItem("wenzhai.reverse") === "1";
type Mode = "list" | "search" | "notes";
let mode: Mode = "list";
/** The query whose results are listed (with the sidebar's filters), so the reader marks its matches. */
let activeQuery = "";
/** Bumped by every new list, so an answer for an older one is dropped. */
let listSeq = 0;

function setStatus(text: string, isError = false, undo?: () => void) {
  els.status.replaceChildren(document.createTextNode(text));
  els.status.classList.toggle("error", isError);
  if (undo) els.status.append(" ", button("undo", t(lang).undo, () => undo(), "Ctrl+Z"));
}

const sidebar = new Sidebar(els.sidebar, {
  lang: () => lang,
  changed: () => void showCurrent(),
  tagsEdited: () => void refreshAll(),
  status: (text, isError) => setStatus(text, isError),
  error: errorText,
});

/** Tags that articles carry (not bare parents of other tags), for autocomplete. */
const knownTags = () =>
  sidebar.facets.tags.filter((x) => Number(x.own) > 0).map((x) => ({ path: x.path, total: Number(x.total) }));
/** Every tag path, parents included (a parent covers its children in filters). */
const tagPaths = () => sidebar.facets.tags.map((x) => x.path);

const list = new VirtualList(els.scroller, els.list, {
  renderRow,
  open: (_i, row) => void openArticle(row.id, row.note?.id),
  pickedChanged: () => bulk.render(),
  error: (e) => setStatus(errorText(e), true),
});

const bulk = new Bulk(els.bulkBar, {
  lang: () => lang,
  picked: () => [...list.picked],
  clearPicks: () => list.clearPicks(),
  knownTags,
  changed: () => refreshAll(),
  status: setStatus,
  error: errorText,
});

const reader = new Reader(els.reader, {
  lang: () => lang,
  query: () => activeQuery,
  knownTags,
  tagColor: (path) => sidebar.color(path),
  canStep: (step) => list.focused >= 0 && list.focused + step >= 0 && list.focused + step < list.total,
  step: (step) => void list.open(list.focused + step),
  retag: async (a, add, remove) => {
    try {
      await invoke<string[]>("retag", { id: a.id, add, remove });
      await refreshAll();
    } catch (e) {
      setStatus(errorText(e), true);
    }
  },
  setState: (a, change) => bulk.state([a.id], change),
  remove: async (a) => {
    await bulk.remove([a.id]);
  },
  status: setStatus,
  error: errorText,
  open: (id) => void openArticle(id),
  merge: (keep, other) => mergeNearDuplicate(keep, other),
  keepApart: async (a, other) => {
    try {
      await invoke("keep_apart", { a: a.id, b: other.id });
      bulk.remember(t(lang).keptApart, () => invoke("undo_keep_apart", { a: a.id, b: other.id }));
      setStatus(t(lang).keptApart, false, () => void bulk.undo());
      reader.render(a, true);
    } catch (e) {
      setStatus(errorText(e), true);
    }
  },
});

/** Merge a near-duplicate into the open article (undoable with Ctrl+Z or the status's Undo). */
async function mergeNearDuplicate(keep: ArticleDetail, other: NearDuplicate) {
  try {
    await invoke<ArticleDetail>("merge_near_duplicates", { keep: keep.id, other: other.id });
    const label = t(lang).merged(keep.title);
    bulk.remember(label, () => invoke("undo_merge"));
    await refreshAll();
    setStatus(label, false, () => void bulk.undo());
  } catch (e) {
    setStatus(errorText(e), true);
  }
}

new SearchSuggest(els.search, {
  lang: () => lang,
  open: (id) => void openArticle(id),
  setQuery,
});

function shortDate(iso: string | null): string {
  return iso ? iso.slice(0, 10) : "";
}

function summaryRow(a: ArticleSummary): Row {
  return {
    id: a.id,
    title: a.title,
    meta: [a.source ?? a.site ?? "", shortDate(a.published)].filter(Boolean).join(" · "),
    tags: a.tags,
    read: a.read,
    starred: a.starred,
    archived: a.archived,
  };
}

function hitRow(h: SearchHit): Row {
  return {
    id: h.id,
    title: h.title,
    // A hit inside a document names its chapter, as the reader's contents list does.
    meta: h.chapter ? `${t(lang).chapterLabel}${h.chapter}` : "",
    snippet: h.snippet,
    highlights: h.highlights,
    note: h.annotation ? { id: h.annotation.id, text: h.annotation.note ?? h.annotation.quote } : undefined,
  };
}

function renderRow(row: Row, li: HTMLLIElement) {
  li.classList.toggle("unread", row.read === false);
  const title = el("div", "title", row.title);
  title.title = row.title;
  if (row.starred) title.prepend(el("span", "row-star", "★"));
  if (row.note?.color) title.prepend(el("span", `dot hl-${row.note.color}`));
  li.append(title);
  const meta = el("div", "meta");
  if (row.meta) meta.append(el("span", "meta-text", row.meta));
  for (const tag of row.tags ?? []) {
    const chip = el("span", "row-tag", tag);
    const color = sidebar.color(tag);
    if (color) chip.prepend(dot(color));
    meta.append(chip);
  }
  if (row.archived) meta.append(el("span", "row-archived", t(lang).archivedMark));
  if (meta.childNodes.length) li.append(meta);
  if (row.snippet) {
    const s = el("div", "snippet");
    s.append(highlighted(row.snippet, row.highlights ?? []));
    li.append(s);
  }
  if (row.note?.text) li.append(el("div", "hit-note", `${t(lang).noteLabel}${row.note.text}`));
}

function listQuery(offset: number, limit: number): ListQuery {
  const f = sidebar.filters;
  return {
    tag: f.tag,
    site: f.site,
    read: f.view === "unread" ? false : null,
    starred: f.view === "starred" ? true : null,
    archived: f.view === "archived" ? true : null,
    sort,
    reverse,
    offset,
    limit,
  };
}

/** The sidebar's filters as query-language filters, so they narrow a search too. */
function filterTokens(): string {
  const f = sidebar.filters;
  const quote = (v: string) => (/[\s"]/.test(v) ? `"${v.replace(/"/g, "")}"` : v);
  const tokens: string[] = [];
  if (f.tag) tokens.push(`tag:${quote(f.tag)}`);
  if (f.site) tokens.push(`site:${quote(f.site)}`);
  if (f.view !== "all" && f.view !== "reposts") tokens.push(f.view === "unread" ? "is:unread" : `is:${f.view}`);
  return tokens.join(" ");
}

function heading(text: string) {
  const m = t(lang);
  const f = sidebar.filters;
  const parts: HTMLElement[] = [el("span", undefined, text)];
  if (mode !== "notes" && (f.tag || f.site || f.view !== "all")) {
    parts.push(button("clear-filters", m.clearFilters, () => sidebar.set({ view: "all", tag: null, site: null })));
  }
  els.heading.replaceChildren(...parts);
}

async function showList(keep = false) {
  const seq = ++listSeq;
  const m = t(lang);
  try {
    const page = await invoke<ListPage>("list_articles", { query: listQuery(0, 100) });
    if (seq !== listSeq) return;
    const source: ListSource = {
      total: page.total,
      rowHeight: ARTICLE_ROW_HEIGHT,
      first: page.rows.map(summaryRow),
      load: async (offset, limit) =>
        (await invoke<ListPage>("list_articles", { query: listQuery(offset, limit) })).rows.map(summaryRow),
    };
    list.setSource(source, keep);
    const f = sidebar.filters;
    const filtered = f.tag || f.site || f.view !== "all";
    heading(filtered ? m.filteredArticles(page.total) : m.allArticles(page.total));
    els.empty.textContent = filtered ? m.emptyFilter : m.empty;
    els.empty.hidden = page.total > 0;
    // For the performance script (scripts/perf): when the first rows were on screen.
    if (performance.getEntriesByName("wz-first-rows").length === 0) performance.mark("wz-first-rows");
  } catch (e) {
    setStatus(errorText(e), true);
  }
}

/** The near-duplicate clusters, one row per member, each group's members together (read
 * when the view is shown: the sidebar only keeps their count). */
async function showReposts(keep = false) {
  const seq = ++listSeq;
  const m = t(lang);
  let clusters: DuplicateCluster[];
  try {
    clusters = await invoke<DuplicateCluster[]>("duplicate_clusters");
  } catch (e) {
    setStatus(errorText(e), true);
    return;
  }
  if (seq !== listSeq) return; // another list was asked for meanwhile
  const rows: Row[] = clusters.flatMap((c, k) =>
    c.members.map((a) => {
      const row = summaryRow(a);
      row.meta = [m.repostGroup(k + 1, Math.round(c.similarity * 100)), row.meta].filter(Boolean).join(" · ");
      return row;
    }),
  );
  list.setSource({ total: rows.length, rowHeight: ARTICLE_ROW_HEIGHT, first: rows, load: async (o, n) => rows.slice(o, o + n) }, keep);
  heading(m.repostsHeading(clusters.length));
  els.empty.textContent = m.noReposts;
  els.empty.hidden = rows.length > 0;
}

const FIRST_HITS = 40;

async function showSearch(text: string, keep = false) {
  const seq = ++listSeq;
  const query = `${text} ${filterTokens()}`.trim();
  activeQuery = text;
  try {
    // The first page is what a window shows and a little more: every hit costs a snippet,
    // and while typing each keystroke's search may keep the next one waiting.
    const res = await invoke<SearchResults>("search", { query, offset: 0, limit: FIRST_HITS });
    if (seq !== listSeq) return; // a newer query is on its way
    list.setSource(
      {
        total: res.total,
        rowHeight: HIT_ROW_HEIGHT,
        first: res.hits.map(hitRow),
        load: async (offset, limit) =>
          (await invoke<SearchResults>("search", { query, offset, limit })).hits.map(hitRow),
      },
      keep,
    );
    heading(t(lang).results(res.total, res.took_ms));
    els.empty.textContent = t(lang).noResults;
    els.empty.hidden = res.total > 0;
    // For the performance script: when the results of `text` were on screen.
    performance.mark("wz-results", { detail: text });
  } catch (e) {
    if (seq === listSeq) setStatus(errorText(e), true);
  }
}

async function showNotes(keep = false) {
  const seq = ++listSeq;
  try {
    const source = await notesSource(notesControls, lang, reader.current?.id ?? null);
    if (seq !== listSeq) return;
    list.setSource(source, keep);
    heading(t(lang).notesHeading(source.total));
    els.empty.textContent = t(lang).noNotes;
    els.empty.hidden = source.total > 0;
  } catch (e) {
    setStatus(errorText(e), true);
  }
}

/** Show what the window is in: the notes view, the search results or the filtered list. */
async function showCurrent(keep = false) {
  const text = els.search.value.trim();
  if (mode !== "notes") mode = text ? "search" : "list";
  if (mode !== "search") activeQuery = "";
  renderChips(els.chips, lang, els.search.value, setQuery);
  showChips();
  els.sortBar.hidden = mode !== "list";
  if (mode === "notes") return showNotes(keep);
  if (mode === "search") return showSearch(text, keep);
  if (sidebar.filters.view === "reposts") return showReposts(keep);
  return showList(keep);
}

/** The query chips show while searching or about to (the box focused). */
function showChips() {
  els.chips.hidden = mode === "notes" || (!els.search.value.trim() && document.activeElement !== els.search);
}

function setQuery(q: string) {
  els.search.value = q;
  void showCurrent();
  els.search.focus();
}

/** After a change: counts and tags, the list where it was, the open article. */
async function refreshAll() {
  await sidebar.refresh();
  await showCurrent(true);
  const open = reader.current;
  if (open) {
    try {
      reader.render(await invoke<ArticleDetail>("get_article", { id: open.id }), true);
    } catch {
      reader.placeholder(t(lang).pickArticle); // it was deleted
    }
  }
}

async function openArticle(id: number, annotation?: number) {
  try {
    let article = await invoke<ArticleDetail>("get_article", { id });
    if (!article.read) {
      article = await invoke<ArticleDetail>("set_state", { id, read: true, starred: null, archived: null }).catch(
        () => article, // read-only: still show it
      );
    }
    reader.render(article, false, annotation);
  } catch (e) {
    setStatus(errorText(e), true);
  }
}

async function setNotesMode(on: boolean) {
  mode = on ? "notes" : "list";
  els.notesToggle.classList.toggle("active", on);
  els.notesFilters.hidden = !on;
  els.notesActions.hidden = !on;
  els.sidebar.hidden = on;
  if (on) fillNotesControls(notesControls, lang, tagPaths(), reader.current !== null);
  await showCurrent();
}

function applyLang() {
  const m = t(lang);
  document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
  els.search.placeholder = m.searchPlaceholder;
  els.langToggle.textContent = m.langToggle;
  els.importCancel.textContent = m.cancel;
  els.importButton.textContent = m.importButton;
  els.dropOverlay.textContent = m.dropHere;
  els.themeToggle.textContent = `${m.theme}: ${m.themeNames[theme] ?? theme}`;
  els.settingsToggle.textContent = "⚙";
  els.settingsToggle.title = lang === "zh" ? "设置(Ctrl+,)" : "Settings (Ctrl+,)";
  els.notesToggle.textContent = m.notesView;
  els.sort.replaceChildren(
    ...SORTS.map((s) => {
      const o = el("option", undefined, m.sortNames[s]);
      o.value = s;
      return o;
    }),
  );
  els.sort.value = sort;
  els.reverse.textContent = reverse ? "↑" : "↓";
  els.reverse.title = m.reverseSort;
  document.documentElement.dataset.theme = theme;
  if (mode === "notes") fillNotesControls(notesControls, lang, tagPaths(), reader.current !== null);
  sidebar.render();
  bulk.render();
}

function toggleHelp(show?: boolean) {
  const m = t(lang);
  els.help.replaceChildren(
    el("h3", undefined, m.shortcuts),
    ...m.shortcutList.map(([keys, what]) => {
      const row = el("div", "shortcut");
      row.append(el("kbd", undefined, keys), el("span", undefined, what));
      return row;
    }),
  );
  els.help.hidden = !(show ?? els.help.hidden);
}

/** The results on show, so a file retried with another encoding replaces its own row. */
let shownOutcomes: ImportOutcome[] = [];

/** `keepOpen`: leave the list open after a retry even when every row is now imported. */
function renderImportResults(outcomes: ImportOutcome[], keepOpen = false) {
  shownOutcomes = outcomes;
  const m = t(lang);
  els.importResultsSummary.textContent = `${m.importResults} (${outcomes.length})`;
  const shown = outcomes.slice(0, 2000);
  // New saves of pages already in the library (same URL, changed text) can replace the
  // article's text: one by one, or all the newer ones at once.
  const newer = outcomes.filter((o) => o.status === "duplicate" && o.changed && !o.older).map((o) => o.path);
  els.importResultsList.replaceChildren(
    ...(newer.length > 1 ? [updateAllItem(m.updateAll(newer.length), newer)] : []),
    ...shown.map((o) => {
      const li = el("li", `result ${o.status}`);
      li.append(el("span", "result-path", o.path));
      if (o.status === "imported") li.append(button("result-what result-open", m.importedAs(o.id), () => void openArticle(o.id)));
      else if (o.status === "near_duplicate")
        li.append(
          button("result-what result-open", m.importedAs(o.id), () => void openArticle(o.id)),
          button("result-why result-open", m.nearDuplicateOf(o.near_duplicate_of, Math.round(o.similarity * 100)), () =>
            void openArticle(o.near_duplicate_of),
          ),
        );
      else if (o.status === "updated")
        li.append(button("result-what result-open", m.updatedAs(o.id, o.orphaned), () => void openArticle(o.id)));
      else if (o.status === "duplicate") {
        li.append(button("result-what result-open", m.duplicateOf(o.duplicate_of), () => void openArticle(o.duplicate_of)));
        if (o.changed) {
          li.append(
            el("span", "result-why", o.older ? m.olderSave : m.newerSave),
            button("result-update", m.updateWithThis, () => void importPaths([o.path], "always")),
          );
        }
      } else {
        li.append(el("span", "result-what", `${m.failedFile}: ${o.error}`));
        if (ENCODING_CODES.includes(o.code)) li.append(button("result-encoding", m.chooseEncoding, () => void retryWithEncoding(o)));
      }
      return li;
    }),
    ...(outcomes.length > shown.length ? [el("li", "result more", m.moreResults(outcomes.length - shown.length))] : []),
  );
  els.importResults.hidden = outcomes.length === 0;
  els.importResults.open = keepOpen || outcomes.some((o) => o.status !== "imported");
}

/** "Choose encoding…" on a refused file: the dialog imports it with the picked encoding,
 * and its outcome takes the place of the refusal in the results. */
async function retryWithEncoding(refused: ImportOutcome & { status: "failed" }) {
  try {
    await chooseEncoding(lang, refused.path, refused.error, async (label) => {
      const m = t(lang);
      if (importing) {
        setStatus(m.importBusy, true);
        return null;
      }
      importing = true;
      try {
        const res = await invoke<ImportResult>("import_with_encoding", { path: refused.path, label });
        const outcome = res.outcomes[0] ?? null;
        if (!outcome) return null;
        const i = shownOutcomes.indexOf(refused);
        if (i >= 0) renderImportResults(shownOutcomes.map((o, j) => (j === i ? outcome : o)), true);
        if (outcome.status === "imported") setStatus(m.importedWithEncoding(label, outcome.id));
        else if (outcome.status === "failed") setStatus(`${m.failedFile}: ${outcome.error}`, true);
        else setStatus(m.imported(res.summary.imported, res.summary.duplicates, res.summary.failed, res.summary.updated ?? 0));
        return outcome;
      } finally {
        importing = false;
        void refreshAll();
      }
    });
  } catch (e) {
    setStatus(errorText(e), true);
  }
}

let importing = false;

function updateAllItem(label: string, paths: string[]): HTMLLIElement {
  const li = el("li", "result-actions");
  li.append(button("result-update-all", label, () => void importPaths(paths, "newer")));
  return li;
}

/** Import files and folders; `update` says what a new save of a page already in the library
 * does (see the import_paths command): a drop or the Import button never replaces text. */
async function importPaths(
  paths: string[],
  update: "never" | "newer" | "always" = newerSaves(),
): Promise<ImportResult | null> {
  if (paths.length === 0) return null;
  if (importing) {
    setStatus(t(lang).importBusy, true);
    return null;
  }
  importing = true;
  const m = t(lang);
  els.importPanel.hidden = false;
  els.importProgress.value = 0;
  els.importText.textContent = m.importing(0, paths.length);
  // Progress comes as events; the bar is redrawn at most once a frame, and the list and counts
  // every few seconds, so a 10,000-file import never floods the window.
  let latest: ImportProgress | null = null;
  let frame = 0;
  const unlisten = await listen<ImportProgress>("import-progress", (ev) => {
    latest = ev.payload;
    frame ||= requestAnimationFrame(() => {
      frame = 0;
      if (!latest) return;
      els.importProgress.max = Math.max(latest.total, 1);
      els.importProgress.value = latest.done;
      // After the last file the import still commits the index and, after a large import,
      // merges it into one segment (several seconds for tens of thousands of articles).
      els.importText.textContent =
        latest.done >= latest.total
          ? m.importFinishing(latest.total)
          : m.importing(latest.done, latest.total);
    });
  });
  const tick = window.setInterval(() => void refreshAll(), 3000);
  try {
    const res = await invoke<ImportResult>("import_paths", { paths, update });
    const s = res.summary;
    setStatus(m.imported(s.imported, s.duplicates, s.failed, s.updated ?? 0), s.failed > 0);
    renderImportResults(res.outcomes);
    return res;
  } catch (e) {
    setStatus(errorText(e), true);
    return null;
  } finally {
    importing = false;
    clearInterval(tick);
    unlisten();
    els.importPanel.hidden = true;
    await refreshAll();
  }
}

const toolbar = new SelectionToolbar(reader.hooks, () => {
  const body = els.reader.querySelector<HTMLElement>(".reader-body");
  return reader.current && body ? { article: reader.current, body } : null;
});

/** The articles a key acts on: the picked rows, else the open one. */
function targets(): number[] {
  if (list.picked.size) return [...list.picked];
  return reader.current ? [reader.current.id] : [];
}

function bindKeys() {
  document.addEventListener("keydown", (e) => {
    if (composing(e)) return;
    const mod = e.ctrlKey || e.metaKey;
    const inField = typing();
    const key = e.key;
    if ((mod && key.toLowerCase() === "k") || (key === "/" && !inField)) {
      e.preventDefault();
      els.search.focus();
      els.search.select();
    } else if (mod && key.toLowerCase() === "z" && !inField) {
      e.preventDefault();
      void bulk.undo();
    } else if ((key === "h" || key === "n") && !inField && !mod && !window.getSelection()?.isCollapsed) {
      e.preventDefault();
      void toolbar.create("yellow", key === "n");
    } else if (key === "?" && !inField) {
      toggleHelp();
    } else if (key === "Escape" && !els.help.hidden) {
      toggleHelp(false);
    } else if (key === "Escape" && settings.isOpen) {
      settings.close();
    } else if (mod && key === ",") {
      e.preventDefault();
      void settings.open();
    } else if (key === "Escape" && document.activeElement === els.search) {
      setQuery("");
      els.search.blur();
    } else if (key === "Escape" && list.picked.size) {
      list.clearPicks();
    } else if (inField || mod) {
      return;
    } else if (key === "ArrowDown" || key === "j") {
      e.preventDefault();
      void list.open(Math.min(list.focused + 1, list.total - 1));
    } else if (key === "ArrowUp" || key === "k") {
      e.preventDefault();
      void list.open(Math.max(list.focused - 1, 0));
    } else if (key === "Enter" && list.focused >= 0) {
      void list.open(list.focused);
    } else if (key === "x" && list.focused >= 0) {
      list.togglePick(list.focused);
    } else if (key === "s" && reader.current) {
      void bulk.state(targets(), { starred: !(list.picked.size ? false : reader.current.starred) });
    } else if (key === "e") {
      void bulk.state(targets(), { archived: true });
    } else if (key === "Delete" || key === "#") {
      void bulk.remove(targets());
    }
  });
}

async function main() {
  applyLang();
  // Links in the reader (the original URL, links in an article) open in the system browser,
  // never in the app's webview.
  els.reader.addEventListener("click", (e) => {
    const a = (e.target as HTMLElement).closest<HTMLAnchorElement>("a[href]");
    if (!a) return;
    e.preventDefault();
    const href = a.getAttribute("href") ?? "";
    if (/^(https?:|mailto:)/i.test(href)) {
      invoke("open_external", { url: href }).catch((err) => setStatus(errorText(err), true));
    }
  });
  bindKeys();
  bindPaste((path) => void importPaths([path]), setStatus, errorText);
  els.langToggle.addEventListener("click", () => setLang(lang === "zh" ? "en" : "zh"));
  els.themeToggle.addEventListener("click", () => setTheme(THEMES[(THEMES.indexOf(theme) + 1) % THEMES.length]));
  els.settingsToggle.addEventListener("click", () => void (settings.isOpen ? settings.close() : settings.open()));
  // Results as you type, without a debounce: a keystroke searches at once when no search is
  // running, else once more when the running one is done, with the text as it is then. So
  // at most one search is in flight, and the last keystroke waits for one at most.
  let searching = false;
  let again = false;
  const searchNow = async () => {
    if (searching) {
      again = true;
      return;
    }
    searching = true;
    try {
      do {
        again = false;
        await showCurrent();
      } while (again);
    } finally {
      searching = false;
    }
  };
  els.search.addEventListener("input", (e) => {
    renderChips(els.chips, lang, els.search.value, setQuery);
    // Pinyin being composed is not the query yet; compositionend brings the characters.
    if ((e as InputEvent).isComposing) return;
    void searchNow();
  });
  els.search.addEventListener("compositionend", () => void searchNow());
  els.search.addEventListener("focus", showChips);
  els.search.addEventListener("blur", showChips);
  // A click on a chip must not take the focus from the search box (which would hide them).
  els.chips.addEventListener("mousedown", (e) => e.preventDefault());
  els.sort.addEventListener("change", () => {
    sort = els.sort.value as ListSort;
    localStorage.setItem("wenzhai.sort", sort);
    void showCurrent();
  });
  els.reverse.addEventListener("click", () => {
    reverse = !reverse;
    localStorage.setItem("wenzhai.reverse", reverse ? "1" : "0");
    els.reverse.textContent = reverse ? "↑" : "↓";
    void showCurrent();
  });
  els.importCancel.addEventListener("click", () => void invoke("cancel_import"));
  els.importButton.addEventListener("click", () => {
    const m = t(lang);
    els.importMenu.replaceChildren(
      button("import-files", m.importFiles, () => void chooseImport(false)),
      button("import-folder", m.importFolder, () => void chooseImport(true)),
    );
    els.importMenu.hidden = !els.importMenu.hidden;
  });
  $("help-toggle").addEventListener("click", () => toggleHelp());
  els.notesToggle.addEventListener("click", () => void setNotesMode(mode !== "notes"));
  for (const f of [notesControls.color, notesControls.tag, notesControls.thisArticle]) {
    f.addEventListener("change", () => void showNotes());
  }
  notesControls.exportButton.addEventListener("click", async () => {
    try {
      const path = await invoke<string | null>("save_notes_export", { tag: notesControls.tag.value || null });
      if (path) setStatus(t(lang).exported(path));
    } catch (e) {
      setStatus(errorText(e), true);
    }
  });
  let notesTimer: number | undefined;
  notesControls.query.addEventListener("input", () => {
    clearTimeout(notesTimer);
    notesTimer = window.setTimeout(() => void showNotes(), 150);
  });
  reader.placeholder(t(lang).pickArticle);

  // The first rows first (the library's state is asked for meanwhile); the counts and the
  // tag tree right after.
  const infoAsked = invoke<LibraryInfo>("library_info");
  applyImagePolicy().catch((e) => setStatus(errorText(e), true));
  await showCurrent();
  const info = await infoAsked;
  if (info.error) {
    setStatus(`${t(lang).libraryError} ${info.path ?? ""}: ${info.error.message}`, true);
  } else if (info.read_only) {
    setStatus(t(lang).readOnly, true);
  }
  await sidebar.refresh();
  // Started with files ("Open with Wenzhai") or a wenzhai://article/<id> link (an exported
  // note's "open in Wenzhai"); a second launch hands its own over while the app runs.
  await listen("launch-pending", () => void takeLaunch());
  await takeLaunch();

  await getCurrentWebview().onDragDropEvent((ev) => {
    const p = ev.payload;
    if (p.type === "enter" || p.type === "over") els.dropOverlay.hidden = false;
    else if (p.type === "leave") els.dropOverlay.hidden = true;
    else if (p.type === "drop") {
      els.dropOverlay.hidden = true;
      void importPaths(p.paths);
    }
  });
  // File ▸ Import Files… / Import Folder… and the Import button (native dialogs, run by the
  // Rust side): the same path as a drop.
  await listen<string[]>("menu-import", (ev) => void importPaths(ev.payload));
  await listen("menu-settings", () => void settings.open());
  await listen<{ path: string; articles: number | null; error: string | null }>("backup-done", (ev) => {
    const b = ev.payload;
    if (b.error) setStatus(t(lang).backupFailed(b.path, b.error), true);
    else setStatus(t(lang).backedUp(b.articles ?? 0, b.path));
  });
}

/** Launches are handled one after another: a second "Open with" waits for the first import. */
let launches: Promise<void> = Promise.resolve();

function takeLaunch(): Promise<void> {
  launches = launches.then(handleLaunch, handleLaunch);
  return launches;
}

async function handleLaunch() {
  const launch = await invoke<{ files: string[]; article: number | null }>("take_launch");
  if (launch.files.length) {
    while (importing) await new Promise((r) => setTimeout(r, 200));
    const res = await importPaths(launch.files);
    // Show what was opened: the first file's article, new or already in the library.
    const first = res?.outcomes.find((o) => o.status !== "failed");
    const id = first && (first.status === "duplicate" ? first.duplicate_of : "id" in first ? first.id : null);
    if (id && launch.article === null) await openArticle(id);
  }
  if (launch.article !== null) await openArticle(launch.article);
}

function setLang(next: Lang) {
  lang = next;
  localStorage.setItem("wenzhai.lang", lang);
  applyLang();
  void showCurrent(true);
  if (reader.current) reader.render(reader.current, true);
  else reader.placeholder(t(lang).pickArticle);
}

function setTheme(next: string) {
  if (!(THEMES as readonly string[]).includes(next)) return;
  theme = next as Theme;
  localStorage.setItem("wenzhai.theme", theme);
  applyLang();
}

const settings = new SettingsPanel(els.settings, {
  lang: () => lang,
  setLang,
  theme: () => theme,
  themes: THEMES,
  themeName: (name) => t(lang).themeNames[name] ?? name,
  setTheme,
  status: setStatus,
  reloaded: async () => {
    reader.placeholder(t(lang).pickArticle);
    await refreshAll();
    const info = await invoke<LibraryInfo>("library_info");
    if (info.error) setStatus(`${t(lang).libraryError} ${info.path ?? ""}: ${info.error.message}`, true);
  },
});

async function chooseImport(folders: boolean) {
  els.importMenu.hidden = true;
  try {
    await invoke("choose_import", { folders });
  } catch (e) {
    setStatus(errorText(e), true);
  }
}

void main();
