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
import { initialLang, t, type Lang } from "./i18n";

interface IpcError {
  code: string;
  message: string;
}
interface LibraryInfo {
  path: string | null;
  articles: number;
  error: IpcError | null;
}
interface ImportResult {
  summary: ImportSummary;
  cancelled: boolean;
}
interface Row {
  id: number;
  title: string;
  meta: string;
  snippet?: string;
  highlights?: Array<[number, number]>;
}

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const els = {
  search: $<HTMLInputElement>("search"),
  langToggle: $<HTMLButtonElement>("lang-toggle"),
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
};

let lang: Lang = initialLang();
let rows: Row[] = [];
let selected = -1;
let searchSeq = 0;

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
    const list = await invoke<ArticleSummary[]>("list_articles", { tag: null });
    rows = list.map((a) => ({
      id: a.id,
      title: a.title,
      meta: [a.source ?? a.site ?? "", shortDate(a.published)].filter(Boolean).join(" · "),
    }));
    renderList(t(lang).allArticles(list.length), t(lang).empty);
  } catch (e) {
    setStatus(errorText(e), true);
  }
}

async function runSearch(query: string) {
  const seq = ++searchSeq;
  if (!query.trim()) return showAll();
  try {
    const res = await invoke<SearchResults>("search", { query, offset: 0, limit: 100 });
    if (seq !== searchSeq) return; // a newer query is on its way
    rows = res.hits.map((h) => ({
      id: h.id,
      title: h.title,
      meta: "",
      snippet: h.snippet,
      highlights: h.highlights,
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
    renderArticle(await invoke<ArticleDetail>("get_article", { id: rows[i].id }));
  } catch (e) {
    setStatus(errorText(e), true);
  }
}

function renderArticle(a: ArticleDetail) {
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
  if (a.url) {
    const link = el("div", "reader-url", `${m.original}: ${a.url}`);
    head.append(link);
  }
  const body = el("div", "reader-body");
  // body_html was sanitized by the importer (ammonia allow-list) and the CSP forbids scripts.
  body.innerHTML = a.body_html;
  els.reader.replaceChildren(head, body);
  els.reader.scrollTop = 0;
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
  const failures: string[] = [];
  const unlisten = await listen<ImportProgress>("import-progress", (ev) => {
    const p = ev.payload;
    els.importProgress.max = Math.max(p.total, 1);
    els.importProgress.value = p.done;
    els.importText.textContent = m.importing(p.done, p.total);
    if (p.outcome.status === "failed") failures.push(`${p.outcome.path}: ${p.outcome.error}`);
  });
  try {
    const res = await invoke<ImportResult>("import_paths", { paths });
    const s = res.summary;
    setStatus(m.imported(s.imported, s.duplicates, s.failed) + (failures.length ? `\n${m.failedFile}: ${failures.join("\n")}` : ""), s.failed > 0);
  } catch (e) {
    setStatus(errorText(e), true);
  } finally {
    unlisten();
    els.importPanel.hidden = true;
    await runSearch(els.search.value);
  }
}

function bindKeys() {
  document.addEventListener("keydown", (e) => {
    const mod = e.ctrlKey || e.metaKey;
    if (mod && e.key.toLowerCase() === "k") {
      e.preventDefault();
      els.search.focus();
      els.search.select();
    } else if (e.key === "Escape" && document.activeElement === els.search) {
      els.search.value = "";
      void runSearch("");
    } else if (e.key === "ArrowDown" || (e.key === "j" && document.activeElement !== els.search)) {
      e.preventDefault();
      void select(Math.min(selected + 1, rows.length - 1));
    } else if (e.key === "ArrowUp" || (e.key === "k" && !mod && document.activeElement !== els.search)) {
      e.preventDefault();
      void select(Math.max(selected - 1, 0));
    }
  });
}

async function main() {
  applyLang();
  bindKeys();
  els.langToggle.addEventListener("click", () => {
    lang = lang === "zh" ? "en" : "zh";
    localStorage.setItem("wenzhai.lang", lang);
    applyLang();
    void runSearch(els.search.value);
  });
  let timer: number | undefined;
  els.search.addEventListener("input", () => {
    clearTimeout(timer);
    timer = window.setTimeout(() => void runSearch(els.search.value), 120);
  });
  els.importCancel.addEventListener("click", () => void invoke("cancel_import"));
  els.reader.replaceChildren(el("p", "placeholder", t(lang).pickArticle));

  const info = await invoke<LibraryInfo>("library_info");
  if (info.error) {
    setStatus(`${t(lang).libraryError} ${info.path ?? ""}: ${info.error.message}`, true);
  }
  await showAll();

  await getCurrentWebview().onDragDropEvent((ev) => {
    const p = ev.payload;
    if (p.type === "enter" || p.type === "over") els.dropOverlay.hidden = false;
    else if (p.type === "leave") els.dropOverlay.hidden = true;
    else if (p.type === "drop") {
      els.dropOverlay.hidden = true;
      void importPaths(p.paths);
    }
  });
}

void main();
