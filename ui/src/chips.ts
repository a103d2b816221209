// The query language as clickable chips under the search box: each filter in the query
// (`tag:` `site:` `source:` `author:` `after:` `before:` `is:` `has:`) shows as a chip that
// removes it, and the common filters not yet in it are offered as chips that add them.

import { button, el } from "./dom";
import { t, type Lang } from "./i18n";

const FILTER = /(^|\s)(-?)(tag|site|source|author|after|before|is|has)[:：]("[^"]*"?|“[^”]*”?|\S+)/gi;

/** The filters a query holds: [the text of the filter, its key, its value, excluded]. */
export function queryFilters(query: string): Array<{ text: string; key: string; value: string; not: boolean }> {
  const found = [];
  for (const m of query.matchAll(FILTER)) {
    found.push({
      text: `${m[2]}${m[3]}:${m[4]}`,
      key: m[3].toLowerCase(),
      value: m[4].replace(/^["“]|["”]$/g, ""),
      not: m[2] === "-",
    });
  }
  return found;
}

/** The query without one of its filters. */
export function withoutFilter(query: string, text: string): string {
  const i = query.indexOf(text);
  if (i < 0) return query;
  return `${query.slice(0, i)}${query.slice(i + text.length)}`.replace(/\s+/g, " ").trim();
}

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
