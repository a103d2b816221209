// Reader parts for documents (PDF, Word, ODT, EPUB): "Open original" shows the file in the
// system's own viewer (a PDF's layout, a Word file's formatting), and a book's contents list
// jumps to each chapter.

import { invoke } from "@tauri-apps/api/core";
import type { ArticleDetail } from "./bindings/ArticleDetail";
import { button, el } from "./dom";
import { t, type Lang } from "./i18n";

/** Formats whose original looks best in its own viewer. */
export const DOCUMENT_FORMATS: readonly string[] = ["pdf", "docx", "doc", "odt", "epub"];

export function isDocument(a: ArticleDetail): boolean {
  return DOCUMENT_FORMATS.includes(a.format);
}

/** The "Open original" button of a document, or null for a web page or text. */
export function openOriginalButton(
  a: ArticleDetail,
  lang: Lang,
  status: (text: string, isError?: boolean) => void,
  error: (e: unknown) => string,
): HTMLButtonElement | null {
  if (!isDocument(a)) return null;
  const m = t(lang);
  return button(
    "open-original",
    m.openOriginal,
    () => {
      invoke("open_original", { id: a.id }).catch((e) => status(error(e), true));
    },
    m.openOriginalHint(a.format.toUpperCase()),
  );
}

/**
 * The contents list of a book (EPUB) or of a document with several top-level headings: one
 * entry per chapter heading of `body`, in order; a click scrolls the reader to it.
 */
export function contentsList(a: ArticleDetail, body: HTMLElement, lang: Lang): HTMLElement | null {
  if (!isDocument(a)) return null;
  const headings = Array.from(body.querySelectorAll<HTMLElement>("h1, h2"));
  if (headings.length < (a.format === "epub" ? 2 : 3)) return null;
  const nav = el("nav", "reader-toc");
  const details = el("details");
  details.open = a.format === "epub";
  details.append(el("summary", undefined, `${t(lang).contents} · ${headings.length}`));
  const list = el("ol");
  headings.forEach((h, i) => {
    h.dataset.chapter = String(i + 1);
    const item = el("li");
    item.append(
      button("toc-entry", h.textContent ?? "", () => h.scrollIntoView({ block: "start" })),
    );
    list.append(item);
  });
  details.append(list);
  nav.append(details);
  return nav;
}
