// The query language as clickable chips under the search box: each filter in the query
// (`tag:` `site:` `source:` `author:` `after:` `before:` `is:` `has:`) shows as a chip that
// removes it, and the common filters not yet in it are offered as chips that add them.

import { button, el } from "./dom";
import { t, type Lang } from "./i18n";
import { queryFilters, withoutFilter } from "./query";

export function renderChips(root: HTMLElement, lang: Lang, query: string, setQuery: (q: string) => void) {
  const m = t(lang);
  const filters = queryFilters(query);
  const chips: HTMLElement[] = filters.map((f) => {
    const label = `${f.not ? "−" : ""}${m.filterKeys[f.key] ?? f.key}: ${m.filterValues[f.value.toLowerCase()] ?? f.value}`;
    const chip = el("span", "query-chip active", label);
    chip.dataset.filter = f.text;
    chip.append(button("chip-remove", "×", () => setQuery(withoutFilter(query, f.text)), m.removeFilter));
    return chip;
  });
  const year = new Date().getFullYear();
  const offers: Array<[string, string]> = [
    ["is:unread", m.filterValues.unread],
    ["is:starred", m.filterValues.starred],
    ["has:notes", m.filterValues.notes],
    ["has:highlights", m.filterValues.highlights],
    [`after:${year}`, m.thisYear],
  ];
  for (const [text, label] of offers) {
    if (filters.some((f) => f.text.toLowerCase() === text)) continue;
    const chip = button("query-chip offer", `+ ${label}`, () => setQuery(`${query.trim()} ${text}`.trim()));
    chip.dataset.filter = text;
    chips.push(chip);
  }
  root.replaceChildren(...chips);
}
