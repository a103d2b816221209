// Suggestions under the search box as you type: titles, tags and sites that contain what was
// typed, or whose pinyin does (`zzgz`, `zuzhigongzuo` → 组织工作), from the `suggest` command.
// ↑/↓ pick one, Enter takes it (a title opens its article, a tag or site filters by it), Esc
// closes the list; typing on without picking searches as before.

import { invoke } from "@tauri-apps/api/core";
import type { Suggestion } from "./bindings/Suggestion";
import { composing, el } from "./dom";
import { t, type Lang } from "./i18n";

export interface SuggestEnv {
  lang(): Lang;
  open(id: number): void;
  /** Replace the query (a tag or site filter). */
  setQuery(q: string): void;
}

const LIMIT = 8;

export class SearchSuggest {
  private readonly list: HTMLUListElement;
  private choices: Suggestion[] = [];
  private active = -1;
  /** Bumped by every request, so an answer for older text is dropped. */
  private seq = 0;
  private timer = 0;

  constructor(
    private readonly input: HTMLInputElement,
    private readonly env: SuggestEnv,
  ) {
    this.list = el("ul", "search-suggest");
    this.list.id = "search-suggest";
    this.list.hidden = true;
    input.insertAdjacentElement("afterend", this.list);
    input.addEventListener("input", (e) => {
      if ((e as InputEvent).isComposing) return;
      this.schedule();
    });
    input.addEventListener("compositionend", () => this.schedule());
    input.addEventListener("blur", () => this.close());
    // Before the window's own keys (capture), so ↑/↓/Enter/Esc act on the list while it shows.
    input.addEventListener("keydown", (e) => this.key(e), true);
  }

  private schedule() {
    clearTimeout(this.timer);
    this.timer = window.setTimeout(() => void this.fetch(), 60);
  }

  private async fetch() {
    const text = this.input.value.trim();
    const seq = ++this.seq;
    // A query with filters or operators is being written by hand: no suggestions.
    if (!text || /[:："“]/.test(text) || text.length > 40) {
      this.close();
      return;
    }
    try {
      const found = await invoke<Suggestion[]>("suggest", { input: text, limit: LIMIT });
      if (seq !== this.seq || document.activeElement !== this.input) return;
      this.show(found);
    } catch {
      this.close(); // suggestions are a convenience: the search itself reports errors
    }
  }

  private show(found: Suggestion[]) {
    const m = t(this.env.lang());
    this.choices = found;
    this.active = -1;
    this.list.replaceChildren(
      ...found.map((s, i) => {
        const li = el("li", `suggestion suggestion-${s.kind}`);
        li.dataset.kind = s.kind;
        li.append(el("span", "suggestion-kind", m.suggestionKinds[s.kind]), el("span", "suggestion-text", s.text));
        li.title = s.text;
        li.addEventListener("mousedown", (e) => {
          e.preventDefault(); // keep the focus in the box
          this.take(i);
        });
        return li;
      }),
    );
    this.list.hidden = found.length === 0;
  }

  close() {
    this.seq++;
    clearTimeout(this.timer);
    this.list.hidden = true;
    this.choices = [];
    this.active = -1;
  }

  private take(i: number) {
    const s = this.choices[i];
    if (!s) return;
    this.close();
    if (s.kind === "title" && s.id !== null) {
      this.env.open(s.id);
    } else {
      const value = /[\s"]/.test(s.text) ? `"${s.text.replace(/"/g, "")}"` : s.text;
      this.env.setQuery(`${s.kind === "tag" ? "tag" : "site"}:${value}`);
    }
  }

  private key(e: KeyboardEvent) {
    if (composing(e) || this.list.hidden || this.choices.length === 0) return;
    const n = this.choices.length;
    if (e.key === "ArrowDown") this.active = (this.active + 1) % n;
    else if (e.key === "ArrowUp") this.active = (this.active - 1 + n) % n;
    else if (e.key === "Enter" && this.active >= 0) this.take(this.active);
    else if (e.key === "Escape") this.close();
    else return;
    e.preventDefault();
    e.stopPropagation();
    this.list.querySelectorAll("li").forEach((li, i) => li.classList.toggle("active", i === this.active));
  }
}
