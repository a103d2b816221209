// Highlights and notes in the reader: a selection toolbar (5 colours, a note), the highlights
// drawn over the article, a popover to recolour, edit the note or delete (with undo), and the
// side panel listing the article's annotations, its unplaced ones and the article note.
// Offsets are the article's plain-text code points (see textmap.ts); the Rust side builds the
// W3C TextQuote/TextPosition selectors from them and re-anchors them when the text changes.

import { invoke } from "@tauri-apps/api/core";
import type { ArticleDetail } from "./bindings/ArticleDetail";
import type { AnnotationView } from "./bindings/AnnotationView";
import { t, type Lang } from "./i18n";
import {
  buildTextMap,
  codePointOffset,
  domRangeToPlain,
  locate,
  plainRangeToDomRuns,
  utf16Offset,
  type TextMap,
} from "./textmap";

export const COLORS = ["yellow", "green", "blue", "pink", "purple"] as const;
export type Color = (typeof COLORS)[number];

/** What the reader gives this module: how to re-render and report. */
export interface ReaderHooks {
  lang: () => Lang;
  rerender: (a: ArticleDetail) => void;
  status: (text: string, isError?: boolean) => void;
  error: (e: unknown) => string;
}

/** The reader body's text nodes and their map to the article's plain text. */
interface Mapped {
  nodes: Text[];
  map: TextMap;
}

function mapBody(body: HTMLElement, plain: string): Mapped {
  const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
  const nodes: Text[] = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n as Text);
  return { nodes, map: buildTextMap(nodes.map((n) => n.data), plain) };
}

const isNote = (a: AnnotationView) => (a as AnnotationView & { kind?: string }).kind === "note";

/** Wrap each placed highlight's text in `<mark class="hl hl-COLOR" data-annotation="ID">`. */
export function drawHighlights(body: HTMLElement, a: ArticleDetail) {
  const shown = a.annotations.filter((x) => x.placed && !isNote(x) && x.end > x.start);
  if (shown.length === 0) return;
  const { nodes, map } = mapBody(body, a.body);
  // Collect the pieces per text node first: wrapping changes the nodes the map points at.
  const pieces = new Map<number, Array<{ from: number; to: number; ann: AnnotationView }>>();
  for (const ann of shown) {
    for (const [from, to] of plainRangeToDomRuns(map, ann.start, ann.end)) {
      let i = from;
      while (i < to) {
        const [seg, off] = locate(map, i);
        const segEnd = map.segmentStarts[seg] + Array.from(nodes[seg].data).length;
        const end = Math.min(to, segEnd);
        const list = pieces.get(seg) ?? [];
        list.push({ from: off, to: off + (end - i), ann });
        pieces.set(seg, list);
        i = end;
      }
    }
  }
  for (const [seg, list] of pieces) {
    const node = nodes[seg];
    const text = node.data;
    list.sort((x, y) => x.from - y.from);
    const frag = document.createDocumentFragment();
    let pos = 0;
    for (const p of list) {
      if (p.from < pos) continue; // overlapping highlights: the earlier one wins here
      const s = utf16Offset(text, p.from);
      const e = utf16Offset(text, p.to);
      frag.append(text.slice(utf16Offset(text, pos), s));
      const mark = document.createElement("mark");
      mark.className = `hl hl-${p.ann.color ?? "yellow"}`;
      mark.dataset.annotation = String(p.ann.id);
      if (p.ann.note) mark.title = p.ann.note;
      mark.textContent = text.slice(s, e);
      frag.append(mark);
      pos = p.to;
    }
    frag.append(text.slice(utf16Offset(text, pos)));
    node.replaceWith(frag);
  }
}

/** The current selection inside `body` as plain-text offsets, or null. */
export function selectionRange(body: HTMLElement, plain: string): [number, number] | null {
  const sel = window.getSelection();
  if (!sel || sel.isCollapsed || sel.rangeCount === 0) return null;
  const range = sel.getRangeAt(0);
  if (!body.contains(range.commonAncestorContainer)) return null;
  const { nodes, map } = mapBody(body, plain);
  const at = (container: Node, offset: number, isEnd: boolean): number => {
    if (container.nodeType === Node.TEXT_NODE) {
      const k = nodes.indexOf(container as Text);
      if (k >= 0) return map.segmentStarts[k] + codePointOffset((container as Text).data, offset);
    }
    // An element boundary: the first text node at or after it (or the last before it at the end).
    const probe = document.createRange();
    probe.setStart(container, offset);
    for (let k = 0; k < nodes.length; k++) {
      if (probe.comparePoint(nodes[k], 0) >= 0) return map.segmentStarts[k];
    }
    return isEnd ? map.toPlain.length : 0;
  };
  return domRangeToPlain(map, at(range.startContainer, range.startOffset, false), at(range.endContainer, range.endOffset, true));
}

/** Scroll the reader to an annotation's highlight and flash it. */
export function scrollToAnnotation(id: number) {
  const mark = document.querySelector<HTMLElement>(`mark.hl[data-annotation="${id}"]`);
  if (!mark) return;
  mark.scrollIntoView({ block: "center" });
  mark.classList.add("flash");
  window.setTimeout(() => mark.classList.remove("flash"), 1200);
}

function button(cls: string, text: string, title?: string): HTMLButtonElement {
  const b = document.createElement("button");
  b.type = "button";
  b.className = cls;
  b.textContent = text;
  if (title) b.title = title;
  return b;
}

function colorName(lang: Lang, c: string): string {
  return t(lang).colorNames[c] ?? c;
}

/** The floating toolbar shown over a selection: one button per colour and one for a note. */
export class SelectionToolbar {
  private el: HTMLElement;
  constructor(
    private hooks: ReaderHooks,
    private current: () => { article: ArticleDetail; body: HTMLElement } | null,
  ) {
    this.el = document.createElement("div");
    this.el.id = "selection-toolbar";
    this.el.hidden = true;
    document.body.append(this.el);
    document.addEventListener("mouseup", () => window.setTimeout(() => this.update(), 0));
    document.addEventListener("keyup", (e) => {
      if (e.shiftKey) this.update();
    });
  }

  private update() {
    const cur = this.current();
    const sel = window.getSelection();
    if (!cur || !sel || sel.isCollapsed || !cur.body.contains(sel.anchorNode)) {
      this.el.hidden = true;
      return;
    }
    const lang = this.hooks.lang();
    const m = t(lang);
    this.el.replaceChildren(
      ...COLORS.map((c) => {
        const b = button(`swatch hl-${c}`, "", `${m.highlight} (${colorName(lang, c)})`);
        b.dataset.color = c;
        b.addEventListener("mousedown", (e) => e.preventDefault()); // keep the selection
        b.addEventListener("click", () => void this.create(c, false));
        return b;
      }),
      (() => {
        const b = button("note-button", m.addNote);
        b.addEventListener("mousedown", (e) => e.preventDefault());
        b.addEventListener("click", () => void this.create("yellow", true));
        return b;
      })(),
    );
    const rect = sel.getRangeAt(0).getBoundingClientRect();
    this.el.style.left = `${Math.max(8, rect.left + rect.width / 2 - 110)}px`;
    this.el.style.top = `${Math.max(8, rect.top - 44)}px`;
    this.el.hidden = false;
  }

  /** Highlight the selection (also the `h` shortcut); with `withNote` (the `n` shortcut) the
   *  new highlight's popover opens with its note field focused. */
  async create(color: Color, withNote: boolean) {
    const cur = this.current();
    if (!cur) return;
    const range = selectionRange(cur.body, cur.article.body);
    this.el.hidden = true;
    if (!range) {
      this.hooks.status(t(this.hooks.lang()).selectFirst, true);
      return;
    }
    const before = new Set(cur.article.annotations.map((x) => x.id));
    try {
      const updated = await invoke<ArticleDetail>("annotate_range", {
        id: cur.article.id,
        start: range[0],
        end: range[1],
        color,
        note: null,
      });
      window.getSelection()?.removeAllRanges();
      this.hooks.rerender(updated);
      const created = updated.annotations.find((x) => !before.has(x.id));
      const mark = created && document.querySelector<HTMLElement>(`mark.hl[data-annotation="${created.id}"]`);
      if (withNote && created && mark) showPopover(this.hooks, created, mark);
    } catch (e) {
      this.hooks.status(this.hooks.error(e), true);
    }
  }
}

/** Delete with an undo button in the status line for a few seconds. */
export async function deleteWithUndo(hooks: ReaderHooks, ann: AnnotationView) {
  const m = t(hooks.lang());
  try {
    const res = await invoke<{ article: ArticleDetail; removed: AnnotationView }>("delete_annotation", { id: ann.id });
    hooks.rerender(res.article);
    const status = document.getElementById("status");
    if (!status) return;
    status.classList.remove("error");
    status.replaceChildren(document.createTextNode(`${m.annotationDeleted} `));
    const undo = button("undo", m.undo);
    undo.addEventListener("click", async () => {
      try {
        hooks.rerender(await invoke<ArticleDetail>("restore_annotation", { articleId: res.article.id, view: res.removed }));
        status.replaceChildren();
      } catch (e) {
        hooks.status(hooks.error(e), true);
      }
    });
    status.append(undo);
    window.setTimeout(() => {
      if (status.contains(undo)) status.replaceChildren();
    }, 10000);
  } catch (e) {
    hooks.status(hooks.error(e), true);
  }
}

/** The popover over a clicked highlight: recolour, edit the note, delete. */
export function showPopover(hooks: ReaderHooks, ann: AnnotationView, anchor: HTMLElement) {
  document.getElementById("annotation-popover")?.remove();
  const lang = hooks.lang();
  const m = t(lang);
  const pop = document.createElement("div");
  pop.id = "annotation-popover";
  const swatches = document.createElement("div");
  swatches.className = "swatches";
  for (const c of COLORS) {
    const b = button(`swatch hl-${c}${ann.color === c ? " active" : ""}`, "", colorName(lang, c));
    b.addEventListener("click", () => void update({ color: c }));
    swatches.append(b);
  }
  const note = document.createElement("textarea");
  note.className = "note-input";
  note.placeholder = m.notePrompt;
  note.value = ann.note ?? "";
  const save = button("save-note", m.save);
  const del = button("delete-annotation", m.delete);
  const close = () => pop.remove();
  async function update(change: { color?: string; note?: string }) {
    try {
      hooks.rerender(await invoke<ArticleDetail>("update_annotation", { id: ann.id, color: change.color ?? null, note: change.note ?? null }));
      close();
    } catch (e) {
      hooks.status(hooks.error(e), true);
    }
  }
  save.addEventListener("click", () => void update({ note: note.value }));
  del.addEventListener("click", () => {
    close();
    void deleteWithUndo(hooks, ann);
  });
  note.addEventListener("keydown", (e) => {
    e.stopPropagation();
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) void update({ note: note.value });
    if (e.key === "Escape") close();
  });
  const actions = document.createElement("div");
  actions.className = "popover-actions";
  actions.append(save, del);
  pop.append(swatches, note, actions);
  document.body.append(pop);
  const r = anchor.getBoundingClientRect();
  pop.style.left = `${Math.max(8, Math.min(window.innerWidth - 300, r.left))}px`;
  pop.style.top = `${Math.min(window.innerHeight - 180, r.bottom + 6)}px`;
  note.focus();
  window.setTimeout(() => {
    const outside = (e: MouseEvent) => {
      if (!pop.contains(e.target as Node)) {
        close();
        document.removeEventListener("mousedown", outside);
      }
    };
    document.addEventListener("mousedown", outside);
  }, 0);
}

/** The side panel: the article note, every highlight (click to scroll), and unplaced ones. */
export function renderPanel(hooks: ReaderHooks, a: ArticleDetail, body: HTMLElement): HTMLElement {
  const m = t(hooks.lang());
  const panel = document.createElement("aside");
  panel.className = "annotations-panel";
  const articleNote = a.annotations.find(isNote);
  const noteBox = document.createElement("textarea");
  noteBox.className = "article-note";
  noteBox.placeholder = m.articleNote;
  noteBox.value = articleNote?.note ?? "";
  noteBox.addEventListener("keydown", (e) => e.stopPropagation());
  noteBox.addEventListener("change", async () => {
    try {
      hooks.rerender(await invoke<ArticleDetail>("set_article_note", { id: a.id, note: noteBox.value.trim() || null }));
    } catch (e) {
      hooks.status(hooks.error(e), true);
    }
  });
  const title = document.createElement("h3");
  const highlights = a.annotations.filter((x) => !isNote(x));
  title.textContent = m.annotationsTitle(highlights.length);
  panel.append(title, noteBox);
  const list = document.createElement("ul");
  list.className = "annotation-list";
  const orphans: AnnotationView[] = [];
  for (const ann of [...highlights].sort((x, y) => x.start - y.start)) {
    if (!ann.placed) {
      orphans.push(ann);
      continue;
    }
    list.append(annotationItem(hooks, ann, () => scrollToAnnotation(ann.id)));
  }
  panel.append(list);
  if (orphans.length > 0) {
    const h = document.createElement("h4");
    h.textContent = m.unplaced(orphans.length);
    const hint = document.createElement("p");
    hint.className = "hint";
    hint.textContent = m.unplacedHint;
    const ul = document.createElement("ul");
    ul.className = "annotation-list orphans";
    for (const ann of orphans) {
      const li = annotationItem(hooks, ann, () => {});
      const attach = button("reattach", m.reattach);
      attach.addEventListener("click", () => void reattach(hooks, a, body, ann));
      const del = button("delete-annotation", m.delete);
      del.addEventListener("click", () => void deleteWithUndo(hooks, ann));
      li.append(attach, del);
      ul.append(li);
    }
    panel.append(h, hint, ul);
  }
  return panel;
}

function annotationItem(hooks: ReaderHooks, ann: AnnotationView, onClick: () => void): HTMLLIElement {
  const li = document.createElement("li");
  li.className = "annotation-item";
  li.dataset.annotation = String(ann.id);
  const dot = document.createElement("span");
  dot.className = `dot hl-${ann.color ?? "yellow"}`;
  const quote = document.createElement("span");
  quote.className = "quote";
  quote.textContent = ann.quote;
  li.append(dot, quote);
  if (ann.note) {
    const note = document.createElement("div");
    note.className = "note";
    note.textContent = ann.note;
    li.append(note);
  }
  li.addEventListener("click", (e) => {
    if ((e.target as HTMLElement).tagName !== "BUTTON") onClick();
  });
  li.title = t(hooks.lang()).jumpTo;
  return li;
}

/** Re-attach an unplaced highlight to the text the user selected: a new highlight there with
 *  the same colour and note, then the orphan goes. */
async function reattach(hooks: ReaderHooks, a: ArticleDetail, body: HTMLElement, orphan: AnnotationView) {
  const range = selectionRange(body, a.body);
  if (!range) {
    hooks.status(t(hooks.lang()).selectFirst, true);
    return;
  }
  try {
    await invoke<ArticleDetail>("annotate_range", { id: a.id, start: range[0], end: range[1], color: orphan.color, note: orphan.note });
    const res = await invoke<{ article: ArticleDetail }>("delete_annotation", { id: orphan.id });
    hooks.rerender(res.article);
  } catch (e) {
    hooks.status(hooks.error(e), true);
  }
}
