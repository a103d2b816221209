// Operations on many articles at once (the picked rows, or the open article): tag, untag,
// star, archive, mark read, delete. Each one can be undone (the Undo button in the status
// line, or Ctrl/Cmd-Z): tags come off exactly the articles that gained them, reading states go
// back to exactly what they were, deleted articles come back with their tags and notes.

import { invoke } from "@tauri-apps/api/core";
import type { ReadingState } from "./bindings/ReadingState";
import { button, el } from "./dom";
import { t, type Lang } from "./i18n";
import { tagInput, type KnownTag } from "./tag-input";

export interface BulkHooks {
  lang(): Lang;
  /** The ids to act on: the picked rows. */
  picked(): number[];
  clearPicks(): void;
  knownTags(): KnownTag[];
  /** Something changed: refresh the list, the counts and the open article. */
  changed(): Promise<void>;
  status(text: string, isError?: boolean, undo?: () => void): void;
  error(e: unknown): string;
}

type StateChange = { read?: boolean; starred?: boolean; archived?: boolean };

export class Bulk {
  /** Undo steps, newest last. */
  private undos: Array<{ label: string; run: () => Promise<unknown> }> = [];

  constructor(
    private readonly bar: HTMLElement,
    private readonly hooks: BulkHooks,
  ) {}

  /** Show or hide the bulk bar for the current picks. */
  render() {
    const ids = this.hooks.picked();
    this.bar.hidden = ids.length === 0;
    if (ids.length === 0) return;
    const m = t(this.hooks.lang());
    this.bar.replaceChildren(
      el("span", "bulk-count", m.pickedCount(ids.length)),
      tagInput("bulk-tag", m.bulkTagPlaceholder, this.hooks.knownTags, (tag) => void this.tag(this.hooks.picked(), tag, true)),
      tagInput("bulk-untag", m.bulkUntagPlaceholder, this.hooks.knownTags, (tag) => void this.tag(this.hooks.picked(), tag, false)),
      button("bulk-star", `★ ${m.star}`, () => void this.state(this.hooks.picked(), { starred: true })),
      button("bulk-unstar", `☆ ${m.unstar}`, () => void this.state(this.hooks.picked(), { starred: false })),
      button("bulk-read", m.markRead, () => void this.state(this.hooks.picked(), { read: true })),
      button("bulk-unread", m.markUnread, () => void this.state(this.hooks.picked(), { read: false })),
      button("bulk-archive", m.archive, () => void this.state(this.hooks.picked(), { archived: true })),
      button("bulk-unarchive", m.unarchive, () => void this.state(this.hooks.picked(), { archived: false })),
      button("bulk-delete danger", m.delete, () => void this.remove(this.hooks.picked())),
      button("bulk-clear", "✕", () => this.hooks.clearPicks(), m.clearPicks),
    );
  }

  /** Put a step on the undo stack (Ctrl+Z), for changes made outside the bulk bar too. */
  remember(label: string, run: () => Promise<unknown>) {
    this.undos.push({ label, run });
    if (this.undos.length > 50) this.undos.shift();
  }

  /** Undo the newest step. */
  async undo() {
    const step = this.undos.pop();
    const m = t(this.hooks.lang());
    if (!step) {
      this.hooks.status(m.nothingToUndo);
      return;
    }
    try {
      await step.run();
      this.hooks.status(m.undone(step.label));
      await this.hooks.changed();
    } catch (e) {
      this.hooks.status(this.hooks.error(e), true);
    }
  }

  async tag(ids: number[], tag: string, add: boolean) {
    if (ids.length === 0) return;
    const m = t(this.hooks.lang());
    try {
      const changed = await invoke<number[]>("bulk_tag", { ids, tag, add });
      const label = add ? m.taggedMany(tag, changed.length) : m.untaggedMany(tag, changed.length);
      this.remember(label, () => invoke("bulk_tag", { ids: changed, tag, add: !add }));
      this.hooks.status(label, false, () => void this.undo());
      await this.hooks.changed();
    } catch (e) {
      this.hooks.status(this.hooks.error(e), true);
    }
  }

  async state(ids: number[], change: StateChange) {
    if (ids.length === 0) return;
    const m = t(this.hooks.lang());
    try {
      const before = await invoke<ReadingState[]>("bulk_state", {
        ids,
        read: change.read ?? null,
        starred: change.starred ?? null,
        archived: change.archived ?? null,
      });
      const label = m.stateChanged(ids.length);
      this.remember(label, () => invoke("restore_state", { states: before }));
      this.hooks.status(label, false, () => void this.undo());
      await this.hooks.changed();
    } catch (e) {
      this.hooks.status(this.hooks.error(e), true);
    }
  }

  async remove(ids: number[]) {
    if (ids.length === 0) return;
    const m = t(this.hooks.lang());
    try {
      const n = await invoke<number>("delete_articles", { ids });
      const label = m.deletedMany(n);
      this.remember(label, () => invoke("undo_delete"));
      this.hooks.clearPicks();
      this.hooks.status(label, false, () => void this.undo());
      await this.hooks.changed();
    } catch (e) {
      this.hooks.status(this.hooks.error(e), true);
    }
  }
}
