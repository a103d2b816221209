// Paste: Ctrl/⌘-V on the library (not in a text field) imports the clipboard. HTML becomes a
// web page (with its source URL when the browser put one on the clipboard), plain text goes
// through the .txt layouts; the Rust side writes it to a file and the usual import runs, with
// its progress, per-item results and undo.

import { invoke } from "@tauri-apps/api/core";

/** Whether the paste belongs to a text field (the search box, a tag input, a note). */
export function pastesIntoField(target: EventTarget | null): boolean {
  const el = target instanceof HTMLElement ? target : null;
  if (!el) return false;
  return !!el.closest("input, textarea, select, [contenteditable=''], [contenteditable='true']");
}

/** What a paste event carries: HTML, plain text and a page address (Firefox and Chromium put
 * one under text/x-moz-url or text/uri-list when a link or page is copied). */
export function clipboardParts(data: DataTransfer): { html: string | null; text: string | null; url: string | null } {
  const get = (type: string) => {
    const v = data.getData(type);
    return v && v.trim() ? v : null;
  };
  const url = get("text/x-moz-url") ?? get("text/uri-list");
  return { html: get("text/html"), text: get("text/plain"), url: url ? url.split(/\r?\n/)[0] : null };
}

/** Listen for pastes on the window; `importPath` runs the import of the written file. */
export function bindPaste(importPath: (path: string) => void, status: (text: string, isError?: boolean) => void, error: (e: unknown) => string) {
  document.addEventListener("paste", (e) => {
    if (pastesIntoField(e.target) || !e.clipboardData) return;
    const parts = clipboardParts(e.clipboardData);
    if (!parts.html && !parts.text) return;
    e.preventDefault();
    invoke<string>("paste_to_file", parts)
      .then((path) => importPath(path))
      .catch((err) => status(error(err), true));
  });
}
