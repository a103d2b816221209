// "Choose encoding…": a file the import refused because its encoding could not be told (or
// that was retried with an unknown one) is read again with an encoding the user picks. The
// dialog lists the choices, shows the file decoded with the selected one as it changes, and
// imports it with that one; Esc cancels, Enter imports.

import { invoke } from "@tauri-apps/api/core";
import type { ImportOutcome } from "./bindings/ImportOutcome";
import { button, el, errorText, type IpcError } from "./dom";
import { t, type Lang } from "./i18n";

interface EncodingChoice {
  label: string;
  name: string;
}
interface EncodingPreview {
  title: string | null;
  text: string;
}

/** The failure codes a picked encoding can fix. */
export const ENCODING_CODES = ["undecodable", "unknown_encoding"];

/** The choices do not change while the app runs: asked once. */
let choices: Promise<EncodingChoice[]> | null = null;

/** The label picked last, offered first next time (a batch of refused files is often in one
 * encoding). */
const LAST = "wenzhai.encoding";

/**
 * Open the dialog for `path` (refused with `reason`). `run(label)` imports the file with that
 * encoding and answers its outcome (the caller shows it in the results); the dialog closes
 * unless the pick itself was refused again, which it then says. Resolves when it closes.
 */
export async function chooseEncoding(
  lang: Lang,
  path: string,
  reason: string,
  run: (label: string) => Promise<ImportOutcome | null>,
): Promise<void> {
  const m = t(lang);
  choices ??= invoke<EncodingChoice[]>("encoding_choices").catch((e) => {
    choices = null;
    throw e;
  });
  const list = await choices;

  const dialog = el("dialog", "encoding-dialog");
  dialog.id = "encoding-dialog";
  const select = el("select", "encoding-select");
  select.id = "encoding-select";
  for (const c of list) {
    const o = el("option", undefined, c.name);
    o.value = c.label;
    select.append(o);
  }
  const last = localStorage.getItem(LAST);
  if (last && list.some((c) => c.label === last)) select.value = last;
  const previewTitle = el("div", "encoding-preview-title");
  const preview = el("pre", "encoding-preview");
  preview.id = "encoding-preview";
  const problem = el("p", "encoding-problem");
  problem.hidden = true;
  const label = el("label", "encoding-field");
  label.append(el("span", undefined, m.encodingLabel), select);
  const importButton = button("encoding-import", m.encodingImport, () => void doImport());
  const actions = el("div", "encoding-actions");
  actions.append(button("encoding-cancel", m.cancel, () => close()), importButton);
  dialog.append(
    el("h3", undefined, m.encodingTitle),
    el("p", "encoding-file", path),
    el("p", "encoding-why", reason),
    el("p", "encoding-hint", m.encodingHint),
    label,
    el("div", "encoding-preview-label", m.encodingPreview),
    previewTitle,
    preview,
    problem,
    actions,
  );

  // Each change asks for a preview; an answer for an earlier pick is dropped.
  let seq = 0;
  const showPreview = async () => {
    const mine = ++seq;
    const picked = select.value;
    preview.classList.remove("error");
    preview.classList.add("loading");
    preview.textContent = m.previewLoading;
    previewTitle.textContent = "";
    try {
      const p = await invoke<EncodingPreview>("preview_encoding", { path, label: picked });
      if (mine !== seq) return;
      previewTitle.textContent = p.title ?? "";
      preview.textContent = p.text || m.previewEmpty;
    } catch (e) {
      if (mine !== seq) return;
      preview.classList.add("error");
      preview.textContent = errorText(e);
    } finally {
      if (mine === seq) {
        preview.classList.remove("loading");
        // Which pick the text shows (a test waits for its own pick's answer).
        preview.dataset.label = picked;
      }
    }
  };

  let busy = false;
  async function doImport() {
    if (busy) return;
    busy = true;
    importButton.disabled = true;
    problem.hidden = true;
    const picked = select.value;
    try {
      const outcome = await run(picked);
      if (outcome === null) return; // another import is running; the status line says so
      localStorage.setItem(LAST, picked);
      if (outcome.status === "failed" && ENCODING_CODES.includes(outcome.code)) {
        problem.textContent = outcome.error;
        problem.hidden = false;
        return;
      }
      close();
    } catch (e) {
      problem.textContent = errorText(e as IpcError);
      problem.hidden = false;
    } finally {
      busy = false;
      importButton.disabled = false;
    }
  }

  let done: () => void = () => {};
  const closed = new Promise<void>((resolve) => (done = resolve));
  function close() {
    if (dialog.open) dialog.close();
    dialog.remove();
    done();
  }

  select.addEventListener("change", () => void showPreview());
  dialog.addEventListener("keydown", (e) => {
    // The window's own shortcuts (Esc clears the search, Enter opens a row) stay out of it.
    e.stopPropagation();
    if (e.key === "Escape") {
      e.preventDefault();
      close();
    } else if (e.key === "Enter" && !(e.target instanceof HTMLButtonElement)) {
      e.preventDefault();
      void doImport();
    }
  });
  // Esc handled by the browser (no keydown reached us) still removes the dialog.
  dialog.addEventListener("cancel", (e) => {
    e.preventDefault();
    close();
  });

  document.body.append(dialog);
  dialog.showModal();
  select.focus();
  void showPreview();
  return closed;
}
