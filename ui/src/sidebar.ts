// The filter sidebar: the reading-state views with counts, the tag tree (hierarchical tags with
// the number of articles under each, collapsible, coloured, renamed or merged in place), and
// the sites. Choosing one filters the list; the filters also narrow a search.

import { invoke } from "@tauri-apps/api/core";
import type { Facets } from "./bindings/Facets";
import type { TagNode } from "./bindings/TagNode";
import { button, composing, el } from "./dom";
import { t, type Lang } from "./i18n";

/** `reposts`: the clusters of near-duplicate articles (not a filter of the search). */
export type View = "all" | "unread" | "starred" | "archived" | "reposts";

export interface Filters {
  view: View;
  tag: string | null;
  site: string | null;
}

export interface SidebarHooks {
  lang(): Lang;
  changed(): void;
  /** Tags were renamed, merged or recoloured: refresh the list and the reader. */
  tagsEdited(): void;
  status(text: string, isError?: boolean): void;
  error(e: unknown): string;
}

/** Tag colours offered in the colour picker (null clears). */
export const TAG_COLORS = ["#d9480f", "#e8590c", "#f08c00", "#2f9e44", "#1971c2", "#6741d9", "#c2255c", "#495057"];

export class Sidebar {
  filters: Filters = { view: "all", tag: null, site: null };
  facets: Facets = { tags: [], sites: [], counts: { total: 0, unread: 0, starred: 0, archived: 0 } };
  /** How many clusters of near-duplicate reposts there are (the "reposts" view's count). */
  clusterCount = 0;
  private collapsed = new Set<string>(JSON.parse(localStorage.getItem("wenzhai.collapsed") ?? "[]") as string[]);

  constructor(
    private readonly root: HTMLElement,
    private readonly hooks: SidebarHooks,
  ) {}

  /** The colour of a tag, if the user gave it one. */
  color(path: string): string | null {
    return this.facets.tags.find((t) => t.path === path)?.color ?? null;
  }

  async refresh() {
    try {
      this.facets = await invoke<Facets>("facets");
      // The count only: the clusters' articles are read when the view is opened.
      this.clusterCount = await invoke<number>("duplicate_cluster_count");
    } catch (e) {
      this.hooks.status(this.hooks.error(e), true);
    }
    // A filter on a tag or site that no longer exists would show an inexplicably empty list.
    if (this.filters.tag && !this.facets.tags.some((t) => t.path === this.filters.tag)) this.filters.tag = null;
    if (this.filters.site && !this.facets.sites.some((s) => s.site === this.filters.site)) this.filters.site = null;
    this.render();
  }

  set(change: Partial<Filters>) {
    Object.assign(this.filters, change);
    this.render();
    this.hooks.changed();
  }

  render() {
    const m = t(this.hooks.lang());
    const c = this.facets.counts;
    const views: Array<[View, string, number]> = [
      ["all", m.viewAll, c.total],
      ["unread", m.viewUnread, c.unread],
      ["starred", m.viewStarred, c.starred],
      ["archived", m.viewArchived, c.archived],
      ["reposts", m.viewReposts, this.clusterCount],
    ];
    const viewList = el("ul", "side-list views");
    for (const [view, label, n] of views) {
      const li = this.item(label, n, this.filters.view === view, () => this.set({ view }));
      li.dataset.view = view;
      viewList.append(li);
    }
    const tagList = el("ul", "side-list tag-tree");
    tagList.id = "tag-tree";
    for (const node of this.facets.tags) {
      const depth = node.path.split("/").length - 1;
      if (this.hiddenByCollapse(node.path)) continue;
      tagList.append(this.tagItem(node, depth));
    }
    const siteList = el("ul", "side-list sites");
    for (const s of this.facets.sites.slice(0, 50)) {
      const li = this.item(s.site, s.articles, this.filters.site === s.site, () =>
        this.set({ site: this.filters.site === s.site ? null : s.site }),
      );
      li.dataset.site = s.site;
      siteList.append(li);
    }
    const parts: HTMLElement[] = [viewList, el("h4", undefined, m.tagsHeading)];
    parts.push(this.facets.tags.length ? tagList : el("p", "side-hint", m.noTagsYet));
    if (this.facets.sites.length) parts.push(el("h4", undefined, m.sitesHeading), siteList);
    this.root.replaceChildren(...parts);
  }

  private item(label: string, n: number, active: boolean, onClick: () => void): HTMLLIElement {
    const li = el("li", "side-item");
    li.classList.toggle("active", active);
    li.append(el("span", "side-label", label), el("span", "side-count", String(n)));
    li.title = label;
    li.addEventListener("click", onClick);
    return li;
  }

  private hiddenByCollapse(path: string): boolean {
    const segments = path.split("/");
    for (let i = 1; i < segments.length; i++) {
      if (this.collapsed.has(segments.slice(0, i).join("/"))) return true;
    }
    return false;
  }

  private tagItem(node: TagNode, depth: number): HTMLLIElement {
    const m = t(this.hooks.lang());
    const name = node.path.split("/").pop() ?? node.path;
    const li = this.item(name, Number(node.total), this.filters.tag === node.path, () =>
      this.set({ tag: this.filters.tag === node.path ? null : node.path }),
    );
    li.classList.add("tag-node");
    li.dataset.tag = node.path;
    li.title = node.path;
    li.style.paddingLeft = `${8 + depth * 14}px`;
    const hasChildren = this.facets.tags.some((t) => t.path.startsWith(`${node.path}/`));
    const caret = el("span", "caret", hasChildren ? (this.collapsed.has(node.path) ? "▸" : "▾") : "");
    if (hasChildren) {
      caret.addEventListener("click", (e) => {
        e.stopPropagation();
        if (this.collapsed.has(node.path)) this.collapsed.delete(node.path);
        else this.collapsed.add(node.path);
        localStorage.setItem("wenzhai.collapsed", JSON.stringify([...this.collapsed]));
        this.render();
      });
    }
    const dot = el("span", "tag-dot");
    if (node.color) dot.style.background = node.color;
    li.prepend(caret, dot);
    const edit = button("tag-edit", "⋯", (e) => {
      e.stopPropagation();
      this.editTag(li, node);
    }, m.editTag);
    li.append(edit);
    return li;
  }

  /** Rename (or merge, when the new name exists) and recolour a tag, in place. */
  private editTag(li: HTMLLIElement, node: TagNode) {
    const m = t(this.hooks.lang());
    const box = el("div", "tag-editor");
    box.addEventListener("click", (e) => e.stopPropagation());
    const input = el("input", "tag-rename");
    input.value = node.path;
    const rename = async () => {
      const to = input.value.trim();
      if (!to || to === node.path) {
        this.render();
        return;
      }
      const merging = this.facets.tags.some((t) => t.path === to);
      // Merging cannot be undone by renaming back, so it takes a second Enter.
      if (merging && box.dataset.confirm !== to) {
        box.dataset.confirm = to;
        hint.textContent = m.confirmMerge(node.path, to);
        hint.classList.add("warn");
        return;
      }
      try {
        const n = await invoke<number>("rename_tag", { from: node.path, to });
        if (this.filters.tag === node.path) this.filters.tag = to;
        this.hooks.status(merging ? m.tagMerged(node.path, to, n) : m.tagRenamed(node.path, to, n));
        await this.refresh();
        this.hooks.tagsEdited();
      } catch (e) {
        this.hooks.status(this.hooks.error(e), true);
      }
    };
    input.addEventListener("keydown", (e) => {
      e.stopPropagation();
      if (composing(e)) return;
      if (e.key === "Enter") void rename();
      else if (e.key === "Escape") this.render();
    });
    const swatches = el("div", "tag-swatches");
    for (const color of [...TAG_COLORS, null]) {
      const s = button("tag-swatch", color ? "" : "∅", async () => {
        try {
          await invoke("set_tag_color", { path: node.path, color });
          await this.refresh();
          this.hooks.tagsEdited();
        } catch (e) {
          this.hooks.status(this.hooks.error(e), true);
        }
      }, color ?? m.noColor);
      if (color) s.style.background = color;
      s.classList.toggle("active", node.color === color);
      swatches.append(s);
    }
    const hint = el("label", "side-hint", m.renameHint);
    box.append(
      hint,
      input,
      swatches,
      button("tag-rename-ok", m.save, () => void rename()),
    );
    li.after(box);
    input.focus();
    input.select();
  }
}
