// The article list as a virtual list: only the rows in view (and a few around them) are in the
// DOM, and rows are fetched a page at a time as they scroll into view, so 100,000 articles
// scroll as smoothly as 10. The list also keeps which row is open (`focused`) and which rows
// are picked for bulk operations (Ctrl/Cmd-click, Shift-click, the checkbox, or `x`).

import { el } from "./dom";

/** One row of any list the window shows: articles, search hits or notes. */
export interface Row {
  id: number;
  title: string;
  meta: string;
  tags?: string[];
  read?: boolean;
  starred?: boolean;
  archived?: boolean;
  snippet?: string;
  highlights?: Array<[number, number]>;
  /** The note or highlight a row is about (notes view, a search hit inside a note). */
  note?: { id: number; text: string; color?: string };
}

/** Where a list's rows come from: `load` fetches `[offset, offset + limit)`. */
export interface ListSource {
  total: number;
  rowHeight: number;
  /** Rows already fetched with the total (the first page), so showing them costs no call. */
  first?: Row[];
  load(offset: number, limit: number): Promise<Row[]>;
}

export interface ListHooks {
  renderRow(row: Row, li: HTMLLIElement): void;
  open(index: number, row: Row): void;
  pickedChanged(): void;
  error(e: unknown): void;
}

const PAGE = 100;
const OVERSCAN = 6;

export class VirtualList {
  private source: ListSource = { total: 0, rowHeight: 60, load: async () => [] };
  private pages = new Map<number, Row[]>();
  private loading = new Set<number>();
  /** Bumped with every new source, so a page that arrives late for an old list is dropped. */
  private generation = 0;
  private frame = 0;
  private anchor = -1;
  /** The open row's index, -1 for none. */
  focused = -1;
  /** Ids of the rows picked for a bulk operation. */
  readonly picked = new Set<number>();

  constructor(
    private readonly scroller: HTMLElement,
    private readonly ul: HTMLUListElement,
    private readonly hooks: ListHooks,
  ) {
    scroller.addEventListener("scroll", () => this.schedule());
    new ResizeObserver(() => this.schedule()).observe(scroller);
  }

  get total(): number {
    return this.source.total;
  }

  /** Show a new list. `keep` keeps the scroll position, the open row and the picks (a refresh). */
  setSource(source: ListSource, keep = false) {
    this.generation++;
    this.source = source;
    this.pages.clear();
    this.loading.clear();
    if (source.first) this.pages.set(0, source.first);
    if (!keep) {
      this.focused = -1;
      this.anchor = -1;
      this.picked.clear();
      this.scroller.scrollTop = 0;
      this.hooks.pickedChanged();
    } else if (this.focused >= source.total) {
      this.focused = source.total - 1;
    }
    this.ul.style.height = `${source.total * source.rowHeight}px`;
    this.render();
  }

  /** The row at `index` if its page is loaded. */
  row(index: number): Row | undefined {
    return this.pages.get(Math.floor(index / PAGE))?.[index % PAGE];
  }

  /** The row at `index`, fetching its page when needed. */
  async rowAt(index: number): Promise<Row | undefined> {
    if (index < 0 || index >= this.source.total) return undefined;
    await this.ensurePage(Math.floor(index / PAGE));
    return this.row(index);
  }

  /** Open the row at `index`: focus it, scroll it into view and tell the window. */
  async open(index: number) {
    const row = await this.rowAt(index);
    if (!row) return;
    this.focused = index;
    this.scrollIntoView(index);
    this.render();
    this.hooks.open(index, row);
  }

  togglePick(index: number) {
    const row = this.row(index);
    if (!row) return;
    if (this.picked.has(row.id)) this.picked.delete(row.id);
    else this.picked.add(row.id);
    this.anchor = index;
    this.render();
    this.hooks.pickedChanged();
  }

  /** Pick every row from the last picked one to `index` (Shift-click). */
  async pickRange(index: number) {
    const from = Math.min(this.anchor < 0 ? index : this.anchor, index);
    const to = Math.max(this.anchor < 0 ? index : this.anchor, index);
    for (let p = Math.floor(from / PAGE); p <= Math.floor(to / PAGE); p++) await this.ensurePage(p);
    for (let i = from; i <= to; i++) {
      const row = this.row(i);
      if (row) this.picked.add(row.id);
    }
    this.render();
    this.hooks.pickedChanged();
  }

  clearPicks() {
    if (this.picked.size === 0) return;
    this.picked.clear();
    this.render();
    this.hooks.pickedChanged();
  }

  private scrollIntoView(index: number) {
    const h = this.source.rowHeight;
    const top = index * h;
    if (top < this.scroller.scrollTop) this.scroller.scrollTop = top;
    else if (top + h > this.scroller.scrollTop + this.scroller.clientHeight) {
      this.scroller.scrollTop = top + h - this.scroller.clientHeight;
    }
  }

  private schedule() {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  private async ensurePage(page: number) {
    if (this.pages.has(page)) return;
    const generation = this.generation;
    this.loading.add(page);
    try {
      const rows = await this.source.load(page * PAGE, PAGE);
      if (generation !== this.generation) return;
      this.pages.set(page, rows);
    } catch (e) {
      this.hooks.error(e);
    } finally {
      if (generation === this.generation) this.loading.delete(page);
    }
  }

  /** Put the rows in view into the DOM; fetch the pages they need. */
  render() {
    const h = this.source.rowHeight;
    const total = this.source.total;
    const first = Math.max(0, Math.floor(this.scroller.scrollTop / h) - OVERSCAN);
    const last = Math.min(total - 1, Math.ceil((this.scroller.scrollTop + this.scroller.clientHeight) / h) + OVERSCAN);
    const items: HTMLLIElement[] = [];
    const rendered = new Map<string, HTMLLIElement>();
    for (const li of this.ul.children) {
      const key = (li as HTMLElement).dataset.key;
      if (key) rendered.set(key, li as HTMLLIElement);
    }
    for (let i = first; i <= last; i++) {
      const page = Math.floor(i / PAGE);
      const row = this.row(i);
      // A row whose content and state did not change keeps its element: scrolling only adds
      // and removes rows at the edges, and a row under the pointer is never replaced.
      const key = row ? `${this.generation}:${i}:${row.id}:${i === this.focused}:${this.picked.has(row.id)}` : "";
      const kept = key ? rendered.get(key) : undefined;
      if (kept) {
        items.push(kept);
        continue;
      }
      const li = el("li", "article-row");
      li.style.top = `${i * h}px`;
      li.style.height = `${h}px`;
      if (!row) {
        li.classList.add("loading");
        if (!this.loading.has(page)) {
          const generation = this.generation;
          void this.ensurePage(page).then(() => {
            if (generation === this.generation) this.schedule();
          });
        }
        items.push(li);
        continue;
      }
      li.dataset.id = String(row.id);
      li.dataset.index = String(i);
      li.dataset.key = key;
      li.classList.toggle("selected", i === this.focused);
      li.classList.toggle("picked", this.picked.has(row.id));
      const pick = el("input", "pick");
      pick.type = "checkbox";
      pick.checked = this.picked.has(row.id);
      pick.tabIndex = -1;
      pick.addEventListener("click", (e) => {
        e.stopPropagation();
        if (e.shiftKey) void this.pickRange(i);
        else this.togglePick(i);
      });
      li.append(pick);
      this.hooks.renderRow(row, li);
      li.addEventListener("click", (e) => {
        if (e.shiftKey) void this.pickRange(i);
        else if (e.ctrlKey || e.metaKey) this.togglePick(i);
        else {
          this.anchor = i;
          void this.open(i);
        }
      });
      items.push(li);
    }
    this.ul.classList.toggle("picking", this.picked.size > 0);
    const same = items.length === this.ul.children.length && items.every((li, i) => this.ul.children[i] === li);
    if (!same) this.ul.replaceChildren(...items);
  }
}
