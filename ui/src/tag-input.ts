// A tag field with autocomplete: typing shows the library's tags that contain what was typed
// (most used first), then those whose pinyin or initials match (`zz` → 组织) as the library
// answers; ↑/↓ pick one, Enter or Tab takes it, Esc closes the list. Enter with no suggestion
// chosen takes the typed text, so new tags (`党建/组织建设`) are created the same way.

import { invoke } from "@tauri-apps/api/core";
import { composing, el } from "./dom";

/** The library's tags matching `input` by characters (简繁 folded), full pinyin or initials. */
export async function tagCompletions(input: string): Promise<string[]> {
  return invoke<string[]>("tag_completions", { input, limit: 8 });
}

export interface KnownTag {
  path: string;
  total: number;
}

export function tagInput(
  cls: string,
  placeholder: string,
  known: () => KnownTag[],
  commit: (tag: string) => void,
  complete?: (input: string) => Promise<string[]>,
): HTMLElement {
  const wrap = el("span", "tag-input");
  const input = el("input", cls);
  input.placeholder = placeholder;
  input.autocomplete = "off";
  input.spellcheck = false;
  const list = el("ul", "tag-suggest");
  list.hidden = true;
  wrap.append(input, list);
  let choices: string[] = [];
  let active = -1;

  const show = () => {
    const q = input.value.trim().toLowerCase();
    choices = q
      ? known()
          .filter((t) => t.path.toLowerCase().includes(q) && t.path.toLowerCase() !== q)
          .sort((a, b) => b.total - a.total || a.path.localeCompare(b.path))
          .slice(0, 8)
          .map((t) => t.path)
      : [];
    active = -1;
    render();
    // Pinyin matches come from the library; added below the local ones when the text is still the same.
    const asked = input.value.trim();
    if (complete && /^[a-z\u00c0-\u024f\s]+$/i.test(asked)) {
      complete(asked)
        .then((more) => {
          if (input.value.trim() !== asked || document.activeElement !== input) return;
          const lower = asked.toLowerCase();
          const extra = more.filter((p) => !choices.includes(p) && p.toLowerCase() !== lower);
          if (extra.length === 0) return;
          choices = [...choices, ...extra].slice(0, 8);
          render();
        })
        .catch(() => {});
    }
  };
  const render = () => {
    list.replaceChildren(
      ...choices.map((path, i) => {
        const li = el("li", "suggestion", path);
        li.addEventListener("mousedown", (e) => {
          e.preventDefault(); // keep the focus in the input
          take(i);
        });
        return li;
      }),
    );
    list.hidden = choices.length === 0;
  };
  const mark = () => list.querySelectorAll("li").forEach((li, i) => li.classList.toggle("active", i === active));
  const take = (i: number) => {
    const value = i >= 0 ? choices[i] : input.value.trim();
    input.value = "";
    list.hidden = true;
    if (value) commit(value);
  };

  input.addEventListener("input", show);
  input.addEventListener("blur", () => (list.hidden = true));
  input.addEventListener("keydown", (e) => {
    if (composing(e)) return;
    if (e.key === "ArrowDown" && choices.length) {
      active = (active + 1) % choices.length;
      mark();
    } else if (e.key === "ArrowUp" && choices.length) {
      active = (active - 1 + choices.length) % choices.length;
      mark();
    } else if (e.key === "Enter" || (e.key === "Tab" && active >= 0)) {
      take(active);
    } else if (e.key === "Escape" && !list.hidden) {
      list.hidden = true;
    } else {
      return;
    }
    e.preventDefault();
    e.stopPropagation();
  });
  return wrap;
}
