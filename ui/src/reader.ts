// The reader: the sanitized article in a readable column, its header (source, author, date,
// the original URL), the tools (star, archive, delete, tags with autocomplete, annotations,
// export), previous/next, text size and width, and the reading position, which is remembered
// per article.

import { imagePolicy } from "./settings";
import { invoke } from "@tauri-apps/api/core";
import type { ArticleDetail } from "./bindings/ArticleDetail";
import { drawHighlights, renderPanel, scrollToAnnotation, showPopover, type ReaderHooks } from "./annotations";
import { button, el } from "./dom";
import { t, type Lang } from "./i18n";
import { matchRanges, needleOf, type Needle } from "./fold";
import { FOLD_TABLE } from "./fold-table";
import { queryParts } from "./query";
import { dupesBar, relatedList, tagSuggestions, type ExtrasEnv } from "./reader-extras";
import { contentsList, openOriginalButton } from "./reader-document";
import { tagCompletions, tagInput, type KnownTag } from "./tag-input";

export interface ReaderEnv extends Omit<ExtrasEnv, "currentId"> {
  lang(): Lang;
  /** The query whose matches are marked in the article. */
  query(): string;
  knownTags(): KnownTag[];
  tagColor(path: string): string | null;
  /** Whether there is a previous (-1) / next (+1) article in the list. */
  canStep(step: -1 | 1): boolean;
  step(step: -1 | 1): void;
  retag(a: ArticleDetail, add: string[], remove: string[]): Promise<void>;
  setState(a: ArticleDetail, change: { starred?: boolean; archived?: boolean }): Promise<void>;
  remove(a: ArticleDetail): Promise<void>;
  status(text: string, isError?: boolean): void;
  error(e: unknown): string;
}

/** Where the app serves an allowed article's images (see src-tauri/src/images.rs). */
const IMAGE_BASE = navigator.userAgent.includes("Windows") ? "http://wzimg.localhost/" : "wzimg://localhost/";

export class Reader {
  current: ArticleDetail | null = null;
  private size = Number(localStorage.getItem("wenzhai.size")) || 17;
  private wide = localStorage.getItem("wenzhai.wide") === "1";
  /** The annotations panel: as the user left it; at first, open only where it fits beside the text. */
  private panelOpen = (localStorage.getItem("wenzhai.panel") ?? (window.innerWidth >= 1400 ? "open" : "closed")) === "open";
  private progressTimer = 0;
  /** The query the reader last marked: a new one (a search hit of the open article) scrolls. */
  private markedQuery = "";
  readonly hooks: ReaderHooks;
  private readonly extras: ExtrasEnv;

  constructor(
    private readonly root: HTMLElement,
    private readonly env: ReaderEnv,
  ) {
    this.hooks = {
      lang: () => env.lang(),
      rerender: (a) => this.render(a, true),
      status: (text, isError) => env.status(text, isError),
      error: (e) => env.error(e),
    };
    this.extras = { ...env, currentId: () => this.current?.id ?? null };
    this.applyLayout();
    // The reading position, saved a moment after scrolling stops.
    root.addEventListener("scroll", () => {
      const a = this.current;
      if (!a) return;
      clearTimeout(this.progressTimer);
      this.progressTimer = window.setTimeout(() => {
        const range = root.scrollHeight - root.clientHeight;
        const progress = range > 0 ? root.scrollTop / range : 1;
        if (Math.abs(progress - a.progress) < 0.01) return;
        a.progress = progress;
        invoke("set_progress", { id: a.id, progress }).catch(() => {
          /* a read-only library keeps no position; reading goes on */
        });
      }, 600);
    });
  }

  private applyLayout() {
    document.documentElement.style.setProperty("--reader-size", `${this.size}px`);
    document.documentElement.style.setProperty("--reader-width", this.wide ? "60em" : "42em");
  }

  setSize(px: number) {
    this.size = Math.min(28, Math.max(13, px));
    localStorage.setItem("wenzhai.size", String(this.size));
    this.applyLayout();
  }

  placeholder(text: string) {
    this.current = null;
    this.root.replaceChildren(el("p", "placeholder", text));
  }

  /**
   * Show an article. A fresh open scrolls to `annotation` if given, else to the first match of
   * the query, else to where the user stopped reading; a re-render keeps the scroll.
   */
  render(a: ArticleDetail, keepScroll = false, annotation?: number) {
    keepScroll ||= this.current?.id === a.id;
    this.current = a;
    const m = t(this.env.lang());
    const head = el("header", "reader-head");
    head.append(this.nav(), el("h2", "reader-title", a.title));
    const meta = el("div", "reader-meta");
    const parts: Array<[string, string | null]> = [
      [m.source, a.source ?? a.site],
      [m.author, a.author],
      [m.published, a.published ? a.published.replace("T", " ") : null],
    ];
    for (const [label, value] of parts) if (value) meta.append(el("span", undefined, `${label}: ${value}`));
    head.append(meta, this.tools(a));
    if (a.url) {
      const link = el("div", "reader-url", `${m.original}: `);
      const url = el("a", "original-link", a.url);
      url.href = a.url;
      url.title = m.openInBrowser;
      link.append(url);
      head.append(link);
    }
    const body = el("div", "reader-body");
    // body_html was sanitized by the importer (ammonia allow-list) and the CSP forbids scripts.
    body.innerHTML = a.body_html;
    const images = this.images(a, body);
    const contents = contentsList(a, body, this.env.lang());
    if (contents) head.append(contents);
    const columns = el("div", "reader-columns");
    columns.append(body);
    if (this.panelOpen) columns.append(renderPanel(this.hooks, a, body));
    head.append(dupesBar(this.extras, a));
    const related = relatedList(this.extras, a);
    this.root.replaceChildren(...(images ? [head, images, columns, related] : [head, columns, related]));
    drawHighlights(body, a);
    body.addEventListener("click", (e) => {
      const mark = (e.target as HTMLElement).closest<HTMLElement>("mark.hl");
      const ann = mark && a.annotations.find((x) => String(x.id) === mark.dataset.annotation);
      if (mark && ann && window.getSelection()?.isCollapsed) showPopover(this.hooks, ann, mark);
    });
    const query = this.env.query();
    const first = markMatches(body, queryParts(query));
    const newQuery = query !== this.markedQuery;
    this.markedQuery = query;
    if (annotation !== undefined) scrollToAnnotation(annotation);
    else if (keepScroll && !(newQuery && first)) return;
    else if (first) first.scrollIntoView({ block: "center" });
    else {
      const range = this.root.scrollHeight - this.root.clientHeight;
      this.root.scrollTop = a.progress > 0.02 && a.progress < 0.98 ? a.progress * range : 0;
    }
  }

  private nav(): HTMLElement {
    const m = t(this.env.lang());
    const nav = el("div", "reader-nav");
    for (const [label, step] of [
      [m.previous, -1],
      [m.next, 1],
    ] as const) {
      const b = button("reader-step", label, () => this.env.step(step));
      b.disabled = !this.env.canStep(step);
      nav.append(b);
    }
    nav.append(
      button("reader-size", "A−", () => this.setSize(this.size - 1), m.smallerText),
      button("reader-size", "A+", () => this.setSize(this.size + 1), m.largerText),
    );
    const width = button("reader-width", this.wide ? m.narrower : m.wider, () => {
      this.wide = !this.wide;
      localStorage.setItem("wenzhai.wide", this.wide ? "1" : "0");
      this.applyLayout();
      width.textContent = this.wide ? m.narrower : m.wider;
    });
    nav.append(width);
    return nav;
  }

  /** Star, archive, delete, annotations, export, and the tags with an autocompleting input. */
  private tools(a: ArticleDetail): HTMLElement {
    const m = t(this.env.lang());
    const tools = el("div", "reader-tools");
    tools.append(
      button("star", a.starred ? `★ ${m.unstar}` : `☆ ${m.star}`, () => void this.env.setState(a, { starred: !a.starred })),
      button("archive", a.archived ? m.unarchive : m.archive, () => void this.env.setState(a, { archived: !a.archived })),
      button("delete-article", m.delete, () => void this.env.remove(a)),
    );
    const open = openOriginalButton(
      a,
      this.env.lang(),
      (text, isError) => this.env.status(text, isError),
      (e) => this.env.error(e),
    );
    if (open) tools.append(open);
    const highlights = a.annotations.filter((x) => x.kind !== "note").length;
    const panelToggle = button("panel-toggle", `${m.annotations} ${highlights}`, () => {
      this.panelOpen = !this.panelOpen;
      localStorage.setItem("wenzhai.panel", this.panelOpen ? "open" : "closed");
      this.render(a, true);
    });
    panelToggle.classList.toggle("active", this.panelOpen);
    tools.append(panelToggle);
    for (const [format, label] of [
      ["md", m.exportMarkdown],
      ["w3c", m.exportW3c],
    ] as const) {
      tools.append(
        button(`export-${format}`, label, async () => {
          try {
            const path = await invoke<string | null>("save_export", { id: a.id, format });
            if (path) this.env.status(m.exported(path));
          } catch (e) {
            this.env.status(this.env.error(e), true);
          }
        }),
      );
    }
    const tags = el("div", "reader-tags");
    for (const tag of a.tags) {
      const chip = el("span", "reader-tag", tag);
      const color = this.env.tagColor(tag);
      if (color) chip.style.borderColor = color;
      if (color) chip.prepend(dot(color));
      chip.append(button("remove-tag", "×", () => void this.env.retag(a, [], [tag]), tag));
      tags.append(chip);
    }
    tags.append(
      tagInput("add-tag", m.addTag, this.env.knownTags, (tag) => void this.env.retag(a, [tag], []), tagCompletions),
      tagSuggestions(this.extras, a),
    );
    tools.append(tags);
    return tools;
  }

  /**
   * Imported images are placeholders (`data-wz-src`) that load nothing. When the user allowed
   * images for this article they are pointed at the app's `wzimg:` protocol, which fetches them
   * without cookies; otherwise a bar says how many were blocked and offers to show them.
   */
  private images(a: ArticleDetail, body: HTMLElement): HTMLElement | null {
    const imgs = Array.from(body.querySelectorAll<HTMLImageElement>("img[data-wz-src]"));
    if (imgs.length === 0) return null;
    const m = t(this.env.lang());
    const bar = el("div", "images-bar");
    const toggle = button("images-toggle", a.images_allowed ? m.blockImages : m.showImages, async () => {
      try {
        this.render(await invoke<ArticleDetail>("set_images_allowed", { id: a.id, allowed: !a.images_allowed }));
      } catch (e) {
        this.env.status(this.env.error(e), true);
      }
    });
    // Settings ▸ Remote images ▸ always: every article's images, nothing stored per article
    // (the app's image handler knows the policy too), and no per-article switch to show.
    const always = imagePolicy() === "always";
    if (a.images_allowed || always) {
      imgs.forEach((img, n) => {
        img.src = `${IMAGE_BASE}${a.id}/${n}`;
      });
      bar.append(el("span", undefined, m.imagesShown(imgs.length)));
      if (!always) bar.append(toggle);
    } else {
      bar.append(el("span", undefined, m.imagesBlocked(imgs.length)), toggle);
    }
    return bar;
  }
}

export function dot(color: string): HTMLElement {
  const d = el("span", "tag-dot");
  d.style.background = color;
  return d;
}

/**
 * Wrap every occurrence of the parts in the reader's text nodes in <mark>; returns the first.
 * Parts match as search matches them: 简繁, width and case folded, unless written `=exact`.
 */
function markMatches(root: HTMLElement, parts: string[]): HTMLElement | null {
  const needles = parts.map((p) => needleOf(p, FOLD_TABLE)).filter((n): n is Needle => n !== null);
  if (needles.length === 0) return null;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const nodes: Text[] = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n as Text);
  let first: HTMLElement | null = null;
  for (const node of nodes) {
    const text = node.data;
    const hits = matchRanges(text, needles, FOLD_TABLE);
    if (hits.length === 0) continue;
    const frag = document.createDocumentFragment();
    let pos = 0;
    for (const [s, e] of hits) {
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
