// What the reader shows around an article once it is open, each asked for off the UI thread
// and filled in when it comes (an answer for an article no longer open is dropped):
// "also saved from …" for near-duplicate reposts (merge or keep apart), tag suggestions beside
// the tag box (one click adds one), and related articles under the text.

import { invoke } from "@tauri-apps/api/core";
import type { ArticleDetail } from "./bindings/ArticleDetail";
import type { NearDuplicate } from "./bindings/NearDuplicate";
import type { RelatedArticle } from "./bindings/RelatedArticle";
import type { TagSuggestion } from "./bindings/TagSuggestion";
import { button, el } from "./dom";
import { t, type Lang } from "./i18n";

export interface ExtrasEnv {
  lang(): Lang;
  /** The article open now (answers for another one are dropped). */
  currentId(): number | null;
  open(id: number): void;
  retag(a: ArticleDetail, add: string[], remove: string[]): Promise<void>;
  merge(keep: ArticleDetail, other: NearDuplicate): Promise<void>;
  keepApart(a: ArticleDetail, other: NearDuplicate): Promise<void>;
}

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : "");

/** "Also saved from 反腐倡廉网 (2022-07-05)", with merge and keep-apart, for each near-duplicate. */
export function dupesBar(env: ExtrasEnv, a: ArticleDetail): HTMLElement {
  const bar = el("div", "dupes-bar");
  bar.hidden = true;
  void invoke<NearDuplicate[]>("near_duplicates", { id: a.id })
    .then((dupes) => {
      if (env.currentId() !== a.id || dupes.length === 0) return;
      const m = t(env.lang());
      bar.replaceChildren(
        ...dupes.map((d) => {
          const row = el("div", "dupe-row");
          row.dataset.id = String(d.id);
          // The site it was saved from (a repost often names the same 来源).
          const from = d.site ?? d.source ?? d.title;
          row.append(
            el("span", "dupe-what", m.alsoSavedFrom(from, day(d.published))),
            el("span", "dupe-similarity", m.similarity(Math.round(d.similarity * 100))),
            button("dupe-open", m.openOther, () => env.open(Number(d.id)), d.title),
            button("dupe-merge", m.mergeDuplicate, () => void env.merge(a, d), m.mergeHint),
            button("dupe-keep-apart", m.keepApart, () => void env.keepApart(a, d)),
          );
          return row;
        }),
      );
      bar.hidden = false;
    })
    .catch(() => {
      /* a convenience: the article itself is shown either way */
    });
  return bar;
}

/** Suggested tags as chips beside the tag box; a click adds one. */
export function tagSuggestions(env: ExtrasEnv, a: ArticleDetail): HTMLElement {
  const box = el("span", "tag-suggestions");
  void invoke<TagSuggestion[]>("suggest_tags", { id: a.id, limit: 5 })
    .then((found) => {
      if (env.currentId() !== a.id || found.length === 0) return;
      const m = t(env.lang());
      box.replaceChildren(
        el("span", "tag-suggestions-label", m.suggestedTags),
        ...found.map((s) => {
          const chip = button("tag-suggestion", `+ ${s.tag}`, () => void env.retag(a, [s.tag], []), m.addThisTag(s.tag));
          chip.dataset.tag = s.tag;
          return chip;
        }),
      );
    })
    .catch(() => {});
  return box;
}

/** Related articles under the text. */
export function relatedList(env: ExtrasEnv, a: ArticleDetail): HTMLElement {
  const section = el("section", "related");
  section.hidden = true;
  void invoke<RelatedArticle[]>("related", { id: a.id, limit: 6 })
    .then((found) => {
      if (env.currentId() !== a.id || found.length === 0) return;
      const m = t(env.lang());
      const list = el("ul", "related-list");
      list.append(
        ...found.map((r) => {
          const li = el("li");
          li.append(button("related-open", r.title, () => env.open(Number(r.id))));
          const meta = [r.site ?? "", day(r.published)].filter(Boolean).join(" · ");
          if (meta) li.append(el("span", "related-meta", meta));
          return li;
        }),
      );
      section.replaceChildren(el("h3", undefined, m.relatedArticles), list);
      section.hidden = false;
    })
    .catch(() => {});
  return section;
}
