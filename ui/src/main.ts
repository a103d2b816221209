// The Wenzhai window: the article list (or search results) on the left, the reader on the
// right, drag-and-drop import with progress. All data comes from our own Rust commands.

import { invoke } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";
import { getCurrentWebview } from "@tauri-apps/api/webview";
import type { ArticleDetail } from "./bindings/ArticleDetail";
import type { ArticleSummary } from "./bindings/ArticleSummary";
import type { ImportProgress } from "./bindings/ImportProgress";
import type { ImportSummary } from "./bindings/ImportSummary";
import type { SearchResults } from "./bindings/SearchResults";
import type { TagCount } from "./bindings/TagCount";
import type { NoteRow } from "./bindings/NoteRow";
import type { ImportOutcome } from "./bindings/ImportOutcome";
import { initialLang, t, type Lang } from "./i18n";
import {
  COLORS,
  SelectionToolbar,
  drawHighlights,
  renderPanel,
  scrollToAnnotation,
  showPopover,
  type ReaderHooks,
} from "./annotations";

interface IpcError {
  code: string;
  message: string;
}
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
interface Row {
  id: number;
  title: string;
  meta: string;
  snippet?: string;
  highlights?: Array<[number, number]>;
  /** The note or highlight a search matched in, shown under the snippet; opening scrolls to it. */
  note?: { id: number; text: string; color?: string };
}

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const els = {
  search: $<HTMLInputElement>("search"),
  langToggle: $<HTMLButtonElement>("lang-toggle"),
  themeToggle: $<HTMLButtonElement>("theme-toggle"),
  notesToggle: $<HTMLButtonElement>("notes-toggle"),
  notesFilters: $("notes-filters"),
  notesColor: $<HTMLSelectElement>("notes-color"),
  notesTag: $<HTMLSelectElement>("notes-tag"),
  notesQuery: $<HTMLInputElement>("notes-query"),
  notesActions: $("notes-actions"),
  notesThisArticle: $<HTMLInputElement>("notes-this-article"),
  notesThisArticleLabel: $("notes-this-article-label"),
  notesExport: $<HTMLButtonElement>("notes-export"),
  tagBar: $("tag-bar"),
  importResults: $<HTMLDetailsElement>("import-results"),
  importResultsSummary: $("import-results-summary"),
  importResultsList: $<HTMLUListElement>("import-results-list"),
  status: $("status"),
  heading: $("list-heading"),
  list: $<HTMLUListElement>("articles"),
  empty: $("empty"),
  reader: $("reader"),
  importPanel: $("import-panel"),
  importProgress: $<HTMLProgressElement>("import-progress"),
  importText: $("import-text"),
  importCancel: $<HTMLButtonElement>("import-cancel"),
  dropOverlay: $("drop-overlay"),
  help: $("help"),
};

const THEMES = ["light", "sepia", "dark"] as const;
type Theme = (typeof THEMES)[number];

let lang: Lang = initialLang();
let theme: Theme = (THEMES as readonly string[]).includes(localStorage.getItem("wenzhai.theme") ?? "")
  ? (localStorage.getItem("wenzhai.theme") as Theme)
  : "light";
let tagFilter: string | null = null;
/** The query whose results are listed, so the reader can mark its matches. */
let activeQuery = "";
let current: ArticleDetail | null = null;
let rows: Row[] = [];
let selected = -1;
let searchSeq = 0;
/** Reader text size in px and width (remembered). */
let readerSize = Number(localStorage.getItem("wenzhai.size")) || 17;
let wideReader = localStorage.getItem("wenzhai.wide") === "1";

function applyReaderLayout() {
  document.documentElement.style.setProperty("--reader-size", `${readerSize}px`);
  document.documentElement.style.setProperty("--reader-width", wideReader ? "60em" : "42em");
}

function setReaderSize(px: number) {
  readerSize = Math.min(28, Math.max(13, px));
  localStorage.setItem("wenzhai.size", String(readerSize));
  applyReaderLayout();
}

/** The list shows every note and highlight in the library instead of articles. */
let notesMode = false;
/** The annotations side panel is open (remembered). */
let panelOpen = localStorage.getItem("wenzhai.panel") !== "closed";

const readerHooks: ReaderHooks = {
  lang: () => lang,
  rerender: (a) => renderArticle(a, true),
  status: (text, isError) => setStatus(text, isError),
  error: (e) => errorText(e),
};

function errorText(e: unknown): string {
  if (e && typeof e === "object" && "message" in e) return String((e as IpcError).message);
  return String(e);
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined) node.textContent = text;
  return node;
}

function shortDate(iso: string | null): string {
  return iso ? iso.slice(0, 10) : "";
}

function applyLang() {
  const m = t(lang);
  document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
  els.search.placeholder = m.searchPlaceholder;
  els.langToggle.textContent = m.langToggle;
  els.importCancel.textContent = m.cancel;
  els.dropOverlay.textContent = m.dropHere;
  els.themeToggle.textContent = `${m.theme}: ${m.themeNames[theme] ?? theme}`;
  els.notesToggle.textContent = m.notesView;
  document.documentElement.dataset.theme = theme;
  if (notesMode) void fillNotesFilters();
}

async function refreshTags() {
  try {
    const tags = await invoke<TagCount[]>("list_tags");
    const chip = (label: string, value: string | null) => {
      const b = el("button", "tag-chip", label);
      b.type = "button";
      b.classList.toggle("active", tagFilter === value);
      b.addEventListener("click", () => {
        tagFilter = value;
        els.search.value = "";
        void refreshTags();
        void showAll();
      });
      return b;
    };
    els.tagBar.replaceChildren(
      chip(t(lang).allTags, null),
      ...tags.map((tag) => chip(`${tag.path} ${tag.articles}`, tag.path)),
    );
  } catch (e) {
    setStatus(errorText(e), true);
  }
}

/** Plain text with the given [start, end) char ranges wrapped in <mark>, built as DOM nodes. */
function highlighted(text: string, ranges: Array<[number, number]>): DocumentFragment {
  const chars = Array.from(text);
  const frag = document.createDocumentFragment();
  let pos = 0;
  for (const [s, e] of ranges) {
    if (s < pos) continue;
    frag.append(chars.slice(pos, s).join(""));
    frag.append(el("mark", undefined, chars.slice(s, e).join("")));
    pos = e;
  }
  frag.append(chars.slice(pos).join(""));
  return frag;
}

function renderList(heading: string, emptyText: string) {
  els.heading.textContent = heading;
  els.list.replaceChildren(
    ...rows.map((row, i) => {
      const li = el("li", "article-row");
      li.dataset.id = String(row.id);
      li.tabIndex = 0;
      li.append(el("div", "title", row.title));
      if (row.meta) li.append(el("div", "meta", row.meta));
      if (row.snippet) {
        const s = el("div", "snippet");
        s.append(highlighted(row.snippet, row.highlights ?? []));
        li.append(s);
      }
      if (row.note?.color) li.querySelector(".title")?.prepend(el("span", `dot hl-${row.note.color}`));
      if (row.note?.text) li.append(el("div", "hit-note", `${t(lang).noteLabel}${row.note.text}`));
      li.addEventListener("click", () => select(i));
      return li;
    }),
  );
  els.empty.textContent = emptyText;
  els.empty.hidden = rows.length > 0;
  selected = -1;
}

async function showAll() {
  try {
    const list = await invoke<ArticleSummary[]>("list_articles", { tag: tagFilter });
    rows = list.map((a) => ({
      id: a.id,
      title: a.title,
      meta: [a.source ?? a.site ?? "", shortDate(a.published), a.tags.join(" ")].filter(Boolean).join(" · "),
    }));
    renderList(t(lang).allArticles(list.length), t(lang).empty);
  } catch (e) {
    setStatus(errorText(e), true);
  }
}

/** The notes view: every highlight and note across the library, filtered by colour, tag and text. */
async function showNotes() {
  const m = t(lang);
  try {
    const notes = await invoke<NoteRow[]>("list_notes", {
      filter: {
        tag: els.notesTag.value || null,
        color: els.notesColor.value || null,
        article: els.notesThisArticle.checked && current ? current.id : null,
        query: els.notesQuery.value.trim() || null,
      },
    });
    rows = notes.map((n) => ({
      id: n.article_id,
      title: n.annotation.kind === "note" ? m.wholeArticleNote : n.annotation.quote,
      meta: [n.annotation.placed ? "" : `⚠ ${m.unplaced(1).split(" · ")[0]}`, n.article_title, n.article_tags.join(" ")]
        .filter(Boolean)
        .join(" · "),
      note: {
        id: n.annotation.id,
        text: n.annotation.note ?? "",
        color: n.annotation.kind === "note" ? undefined : (n.annotation.color ?? "yellow"),
      },
    }));
    renderList(m.notesHeading(notes.length), m.noNotes);
  } catch (e) {
    setStatus(errorText(e), true);
  }
}

async function fillNotesFilters() {
  const m = t(lang);
  const option = (value: string, label: string) => {
    const o = el("option", undefined, label);
    o.value = value;
    return o;
  };
  const keepColor = els.notesColor.value;
  els.notesColor.replaceChildren(option("", m.allColors), ...COLORS.map((c) => option(c, m.colorNames[c] ?? c)));
  els.notesColor.value = keepColor;
  const keepTag = els.notesTag.value;
  const tags = await invoke<TagCount[]>("list_tags").catch(() => [] as TagCount[]);
  els.notesTag.replaceChildren(option("", m.allTags), ...tags.map((tag) => option(tag.path, tag.path)));
  els.notesTag.value = keepTag;
  els.notesQuery.placeholder = m.notesQuery;
  els.notesThisArticleLabel.textContent = m.thisArticleOnly;
  els.notesThisArticle.disabled = !current;
  els.notesExport.textContent = m.exportNotes;
}

async function setNotesMode(on: boolean) {
  notesMode = on;
  els.notesToggle.classList.toggle("active", on);
  els.notesFilters.hidden = !on;
  els.notesActions.hidden = !on;
  els.tagBar.hidden = on;
  if (on) {
    await fillNotesFilters();
    await showNotes();
  } else {
    await runSearch(els.search.value);
  }
}

async function runSearch(query: string) {
  if (notesMode) await setNotesMode(false);
  const seq = ++searchSeq;
  activeQuery = query.trim();
  if (!activeQuery) return showAll();
  try {
    const res = await invoke<SearchResults>("search", { query, offset: 0, limit: 100 });
    if (seq !== searchSeq) return; // a newer query is on its way
    rows = res.hits.map((h) => ({
      id: h.id,
      title: h.title,
      meta: "",
      snippet: h.snippet,
      highlights: h.highlights,
      note: h.annotation ? { id: h.annotation.id, text: h.annotation.note ?? h.annotation.quote } : undefined,
    }));
    renderList(t(lang).results(res.total, res.took_ms), t(lang).noResults);
  } catch (e) {
    setStatus(errorText(e), true);
  }
}

async function select(i: number) {
  if (i < 0 || i >= rows.length) return;
  selected = i;
  els.list.querySelectorAll(".article-row").forEach((n, j) => n.classList.toggle("selected", j === i));
  const node = els.list.children[i] as HTMLElement | undefined;
  node?.scrollIntoView({ block: "nearest" });
  try {
    let article = await invoke<ArticleDetail>("get_article", { id: rows[i].id });
    if (!article.read) {
      article = await invoke<ArticleDetail>("set_state", { id: article.id, read: true, starred: null, archived: null });
    }
    renderArticle(article);
    const note = rows[i].note;
    if (note) scrollToAnnotation(note.id);
  } catch (e) {
    setStatus(errorText(e), true);
  }
}

function renderArticle(a: ArticleDetail, keepScroll = false) {
  const sameArticle = current?.id === a.id;
  keepScroll ||= sameArticle;
  current = a;
  const m = t(lang);
  const head = el("header", "reader-head");
  head.append(el("h2", "reader-title", a.title));
  const meta = el("div", "reader-meta");
  const parts: Array<[string, string | null]> = [
    [m.source, a.source ?? a.site],
    [m.author, a.author],
    [m.published, a.published ? a.published.replace("T", " ") : null],
  ];
  for (const [label, value] of parts) {
    if (value) meta.append(el("span", undefined, `${label}: ${value}`));
  }
  head.append(meta);
  head.append(renderTools(a));
  if (a.url) {
    const link = el("div", "reader-url", `${m.original}: `);
    const url = el("a", "original-link", a.url);
    url.href = a.url;
    url.title = m.openInBrowser;
    link.append(url);
    head.append(link);
  }
  const nav = el("div", "reader-nav");
  for (const [label, step] of [
    [m.previous, -1],
    [m.next, 1],
  ] as const) {
    const b = el("button", "reader-step", label);
    b.type = "button";
    b.disabled = selected + step < 0 || selected + step >= rows.length;
    b.addEventListener("click", () => void select(selected + step));
    nav.append(b);
  }
  for (const [label, title, change] of [
    ["A−", m.smallerText, -1],
    ["A+", m.largerText, 1],
  ] as const) {
    const b = el("button", "reader-size", label);
    b.type = "button";
    b.title = title;
    b.addEventListener("click", () => setReaderSize(readerSize + change));
    nav.append(b);
  }
  const width = el("button", "reader-width", wideReader ? m.narrower : m.wider);
  width.type = "button";
  width.addEventListener("click", () => {
    wideReader = !wideReader;
    localStorage.setItem("wenzhai.wide", wideReader ? "1" : "0");
    applyReaderLayout();
    width.textContent = wideReader ? m.narrower : m.wider;
  });
  nav.append(width);
  head.prepend(nav);
  const body = el("div", "reader-body");
  // body_html was sanitized by the importer (ammonia allow-list) and the CSP forbids scripts.
  body.innerHTML = a.body_html;
  const images = renderImages(a, body);
  const columns = el("div", "reader-columns");
  columns.append(body);
  if (panelOpen) columns.append(renderPanel(readerHooks, a, body));
  els.reader.replaceChildren(...(images ? [head, images, columns] : [head, columns]));
  drawHighlights(body, a);
  body.addEventListener("click", (e) => {
    const mark = (e.target as HTMLElement).closest<HTMLElement>("mark.hl");
    const ann = mark && a.annotations.find((x) => String(x.id) === mark.dataset.annotation);
    if (mark && ann && window.getSelection()?.isCollapsed) showPopover(readerHooks, ann, mark);
  });
  if (!keepScroll) els.reader.scrollTop = 0;
  const first = markMatches(body, queryParts(activeQuery));
  first?.scrollIntoView({ block: "center" });
}

/** Where the app serves an allowed article's images (see src-tauri/src/images.rs). */
const IMAGE_BASE = navigator.userAgent.includes("Windows") ? "http://wzimg.localhost/" : "wzimg://localhost/";

/**
 * Imported images are placeholders (`data-wz-src`) that load nothing. When the user allowed
 * images for this article they are pointed at the app's `wzimg:` protocol, which fetches them
 * without cookies; otherwise a bar says how many were blocked and offers to show them.
 */
function renderImages(a: ArticleDetail, body: HTMLElement): HTMLElement | null {
  const imgs = Array.from(body.querySelectorAll<HTMLImageElement>("img[data-wz-src]"));
  if (imgs.length === 0) return null;
  const m = t(lang);
  const bar = el("div", "images-bar");
  const toggle = el("button", "images-toggle", a.images_allowed ? m.blockImages : m.showImages);
  toggle.type = "button";
  toggle.addEventListener("click", async () => {
    try {
      renderArticle(await invoke<ArticleDetail>("set_images_allowed", { id: a.id, allowed: !a.images_allowed }));
    } catch (e) {
      setStatus(errorText(e), true);
    }
  });
  if (a.images_allowed) {
    imgs.forEach((img, n) => {
      img.src = `${IMAGE_BASE}${a.id}/${n}`;
    });
    bar.append(el("span", undefined, m.imagesShown(imgs.length)), toggle);
  } else {
    bar.append(el("span", undefined, m.imagesBlocked(imgs.length)), toggle);
  }
  return bar;
}

/** The literal parts of a query: quoted phrases whole, `-excluded` parts left out. */
function queryParts(query: string): string[] {
  const parts: string[] = [];
  for (const m of query.matchAll(/"([^"]+)"|“([^”]+)”|(\S+)/g)) {
    const part = m[1] ?? m[2] ?? m[3] ?? "";
    if (part && !(m[3] && part.startsWith("-"))) parts.push(part);
  }
  return parts;
}

/** Wrap every occurrence of the parts in the reader's text nodes in <mark>; returns the first. */
function markMatches(root: HTMLElement, parts: string[]): HTMLElement | null {
  const needles = parts.map((p) => p.toLowerCase()).filter((p) => p.length > 0);
  if (needles.length === 0) return null;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const nodes: Text[] = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n as Text);
  let first: HTMLElement | null = null;
  for (const node of nodes) {
    const text = node.data;
    const lower = text.toLowerCase();
    const hits: Array<[number, number]> = [];
    for (const needle of needles) {
      for (let i = lower.indexOf(needle); i >= 0; i = lower.indexOf(needle, i + needle.length)) {
        hits.push([i, i + needle.length]);
      }
    }
    if (hits.length === 0) continue;
    hits.sort((a, b) => a[0] - b[0]);
    const frag = document.createDocumentFragment();
    let pos = 0;
    for (const [s, e] of hits) {
      if (s < pos) continue;
      frag.append(text.slice(pos, s));
      const mark = el("mark", "match", text.slice(s, e));
      first ??= mark;
      frag.append(mark);
      pos = e;
    }
    frag.append(text.slice(pos));
    node.replaceWith(frag);
  }
  return first;
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

/** Star toggle and the article's tags with remove buttons and an input to add one. */
function renderTools(a: ArticleDetail): HTMLElement {
  const m = t(lang);
  const tools = el("div", "reader-tools");
  const star = el("button", "star", a.starred ? `★ ${m.unstar}` : `☆ ${m.star}`);
  star.type = "button";
  star.addEventListener("click", async () => {
    try {
      const updated = await invoke<ArticleDetail>("set_state", { id: a.id, read: null, starred: !a.starred, archived: null });
      renderArticle(updated);
    } catch (e) {
      setStatus(errorText(e), true);
    }
  });
  tools.append(star);
  const highlights = a.annotations.filter((x) => (x as { kind?: string }).kind !== "note").length;
  const panelToggle = el("button", "panel-toggle", `${m.annotations} ${highlights}`);
  panelToggle.type = "button";
  panelToggle.classList.toggle("active", panelOpen);
  panelToggle.addEventListener("click", () => {
    panelOpen = !panelOpen;
    localStorage.setItem("wenzhai.panel", panelOpen ? "open" : "closed");
    renderArticle(a, true);
  });
  tools.append(panelToggle);
  for (const [format, label] of [
    ["md", m.exportMarkdown],
    ["w3c", m.exportW3c],
  ] as const) {
    const exportButton = el("button", `export-${format}`, label);
    exportButton.type = "button";
    exportButton.addEventListener("click", async () => {
      try {
        const path = await invoke<string | null>("save_export", { id: a.id, format });
        if (path) setStatus(m.exported(path));
      } catch (e) {
        setStatus(errorText(e), true);
      }
    });
    tools.append(exportButton);
  }
  for (const tag of a.tags) {
    const chip = el("span", "reader-tag", tag);
    const remove = el("button", "remove-tag", "×");
    remove.type = "button";
    remove.title = tag;
    remove.addEventListener("click", () => void changeTags(a, [], [tag]));
    chip.append(remove);
    tools.append(chip);
  }
  const input = el("input", "add-tag");
  input.placeholder = m.addTag;
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && input.value.trim()) {
      e.stopPropagation();
      void changeTags(a, [input.value.trim()], []);
    }
  });
  tools.append(input);
  return tools;
}

async function changeTags(a: ArticleDetail, add: string[], remove: string[]) {
  try {
    await invoke<string[]>("retag", { id: a.id, add, remove });
    renderArticle(await invoke<ArticleDetail>("get_article", { id: a.id }));
    await refreshTags();
  } catch (e) {
    setStatus(errorText(e), true);
  }
}

function renderImportResults(outcomes: ImportOutcome[]) {
  const m = t(lang);
  els.importResultsSummary.textContent = `${m.importResults} (${outcomes.length})`;
  els.importResultsList.replaceChildren(
    ...outcomes.map((o) => {
      const li = el("li", `result ${o.status}`);
      const what =
        o.status === "imported" ? m.importedAs(o.id) : o.status === "duplicate" ? m.duplicateOf(o.duplicate_of) : `${m.failedFile}: ${o.error}`;
      li.append(el("span", "result-path", o.path), el("span", "result-what", what));
      return li;
    }),
  );
  els.importResults.hidden = outcomes.length === 0;
  els.importResults.open = outcomes.some((o) => o.status === "failed");
}

function setStatus(text: string, isError = false) {
  els.status.textContent = text;
  els.status.classList.toggle("error", isError);
}

async function importPaths(paths: string[]) {
  if (paths.length === 0) return;
  const m = t(lang);
  els.importPanel.hidden = false;
  els.importProgress.value = 0;
  els.importText.textContent = m.importing(0, paths.length);
  const unlisten = await listen<ImportProgress>("import-progress", (ev) => {
    const p = ev.payload;
    els.importProgress.max = Math.max(p.total, 1);
    els.importProgress.value = p.done;
    els.importText.textContent = m.importing(p.done, p.total);
  });
  try {
    const res = await invoke<ImportResult>("import_paths", { paths });
    const s = res.summary;
    setStatus(m.imported(s.imported, s.duplicates, s.failed), s.failed > 0);
    renderImportResults(res.outcomes);
  } catch (e) {
    setStatus(errorText(e), true);
  } finally {
    unlisten();
    els.importPanel.hidden = true;
    await refreshTags();
    await runSearch(els.search.value);
  }
}

const toolbar = new SelectionToolbar(readerHooks, () => {
  const body = els.reader.querySelector<HTMLElement>(".reader-body");
  return current && body ? { article: current, body } : null;
});

function bindKeys() {
  document.addEventListener("keydown", (e) => {
    const mod = e.ctrlKey || e.metaKey;
    const typing = document.activeElement instanceof HTMLInputElement || document.activeElement instanceof HTMLTextAreaElement;
    if ((mod && e.key.toLowerCase() === "k") || (e.key === "/" && !typing)) {
      e.preventDefault();
      els.search.focus();
      els.search.select();
    } else if ((e.key === "h" || e.key === "n") && !typing && !mod && !window.getSelection()?.isCollapsed) {
      e.preventDefault();
      void toolbar.create("yellow", e.key === "n");
    } else if (e.key === "?" && !typing) {
      toggleHelp();
    } else if (e.key === "Escape" && !els.help.hidden) {
      toggleHelp(false);
    } else if (e.key === "Escape" && document.activeElement === els.search) {
      els.search.value = "";
      void runSearch("");
    } else if (e.key === "ArrowDown" || (e.key === "j" && !typing)) {
      e.preventDefault();
      void select(Math.min(selected + 1, rows.length - 1));
    } else if (e.key === "ArrowUp" || (e.key === "k" && !mod && !typing)) {
      e.preventDefault();
      void select(Math.max(selected - 1, 0));
    }
  });
}

async function main() {
  applyLang();
  applyReaderLayout();
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
  els.langToggle.addEventListener("click", () => {
    lang = lang === "zh" ? "en" : "zh";
    localStorage.setItem("wenzhai.lang", lang);
    applyLang();
    void refreshTags();
    void runSearch(els.search.value);
    if (current) renderArticle(current);
  });
  let timer: number | undefined;
  els.search.addEventListener("input", () => {
    clearTimeout(timer);
    timer = window.setTimeout(() => void runSearch(els.search.value), 120);
  });
  els.importCancel.addEventListener("click", () => void invoke("cancel_import"));
  $("help-toggle").addEventListener("click", () => toggleHelp());
  els.notesToggle.addEventListener("click", () => void setNotesMode(!notesMode));
  for (const f of [els.notesColor, els.notesTag, els.notesThisArticle]) {
    f.addEventListener("change", () => void showNotes());
  }
  els.notesExport.addEventListener("click", async () => {
    try {
      const path = await invoke<string | null>("save_notes_export", { tag: els.notesTag.value || null });
      if (path) setStatus(t(lang).exported(path));
    } catch (e) {
      setStatus(errorText(e), true);
    }
  });
  let notesTimer: number | undefined;
  els.notesQuery.addEventListener("input", () => {
    clearTimeout(notesTimer);
    notesTimer = window.setTimeout(() => void showNotes(), 150);
  });
  els.themeToggle.addEventListener("click", () => {
    theme = THEMES[(THEMES.indexOf(theme) + 1) % THEMES.length];
    localStorage.setItem("wenzhai.theme", theme);
    applyLang();
  });
  els.reader.replaceChildren(el("p", "placeholder", t(lang).pickArticle));

  const info = await invoke<LibraryInfo>("library_info");
  if (info.error) {
    setStatus(`${t(lang).libraryError} ${info.path ?? ""}: ${info.error.message}`, true);
  } else if (info.read_only) {
    setStatus(t(lang).readOnly, true);
  }
  await refreshTags();
  await showAll();
  // Started from a wenzhai://article/<id> link (an exported note's "open in Wenzhai").
  const opened = await invoke<number | null>("take_opened_article");
  if (opened !== null) {
    const i = rows.findIndex((r) => r.id === opened);
    if (i >= 0) await select(i);
    else {
      try {
        renderArticle(await invoke<ArticleDetail>("get_article", { id: opened }));
      } catch (e) {
        setStatus(errorText(e), true);
      }
    }
  }

  await getCurrentWebview().onDragDropEvent((ev) => {
    const p = ev.payload;
    if (p.type === "enter" || p.type === "over") els.dropOverlay.hidden = false;
    else if (p.type === "leave") els.dropOverlay.hidden = true;
    else if (p.type === "drop") {
      els.dropOverlay.hidden = true;
      void importPaths(p.paths);
    }
  });
  // File ▸ Import Files… / Import Folder… (native dialogs, run by the Rust side): the same path
  // as a drop.
  await listen<string[]>("menu-import", (ev) => void importPaths(ev.payload));
  await listen<{ path: string; articles: number | null; error: string | null }>("backup-done", (ev) => {
    const b = ev.payload;
    if (b.error) setStatus(t(lang).backupFailed(b.path, b.error), true);
    else setStatus(t(lang).backedUp(b.articles ?? 0, b.path));
  });
}

void main();
