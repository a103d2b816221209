// The notes view: every highlight and note across the library as one list, filtered by colour,
// tag, the open article and text, and exported as one Markdown file.

import { invoke } from "@tauri-apps/api/core";
import type { NoteRow } from "./bindings/NoteRow";
import { COLORS } from "./annotations";
import { el } from "./dom";
import { t, type Lang } from "./i18n";
import type { ListSource } from "./vlist";

export interface NotesControls {
  color: HTMLSelectElement;
  tag: HTMLSelectElement;
  query: HTMLInputElement;
  thisArticle: HTMLInputElement;
  thisArticleLabel: HTMLElement;
  exportButton: HTMLButtonElement;
}

export const NOTE_ROW_HEIGHT = 78;

/** The notes matching the controls, as a list source (they are few: all fetched at once). */
export async function notesSource(c: NotesControls, lang: Lang, article: number | null): Promise<ListSource> {
  const m = t(lang);
  const notes = await invoke<NoteRow[]>("list_notes", {
    filter: {
      tag: c.tag.value || null,
      color: c.color.value || null,
      article: c.thisArticle.checked ? article : null,
      query: c.query.value.trim() || null,
    },
  });
  const rows = notes.map((n) => ({
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
  return { total: rows.length, rowHeight: NOTE_ROW_HEIGHT, first: rows, load: async (o, l) => rows.slice(o, o + l) };
}

/** Fill the filter controls in the current language, keeping what was chosen. */
export function fillNotesControls(c: NotesControls, lang: Lang, tags: string[], hasArticle: boolean) {
  const m = t(lang);
  const option = (value: string, label: string) => {
    const o = el("option", undefined, label);
    o.value = value;
    return o;
  };
  const keepColor = c.color.value;
  c.color.replaceChildren(option("", m.allColors), ...COLORS.map((x) => option(x, m.colorNames[x] ?? x)));
  c.color.value = keepColor;
  const keepTag = c.tag.value;
  c.tag.replaceChildren(option("", m.allTags), ...tags.map((tag) => option(tag, tag)));
  c.tag.value = keepTag;
  c.query.placeholder = m.notesQuery;
  c.thisArticleLabel.textContent = m.thisArticleOnly;
  c.thisArticle.disabled = !hasArticle;
  c.exportButton.textContent = m.exportNotes;
}
