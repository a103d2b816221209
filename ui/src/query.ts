// The query text as the UI reads it: its filters (for the chips) and its literal parts (to
// mark matches in the reader). Pure functions, tested by ui/test/query.test.ts.

const FILTER_KEYS = "tag|site|source|author|after|before|is|has";
const FILTER = new RegExp(`(^|\\s)(-?)(${FILTER_KEYS})[:：]("[^"]*"?|“[^”]*”?|\\S+)`, "gi");

export interface QueryFilter {
  /** The filter as written in the query (`-tag：党建`), so it can be taken out again. */
  text: string;
  key: string;
  value: string;
  not: boolean;
}

/** The filters a query holds, in order. */
export function queryFilters(query: string): QueryFilter[] {
  const found: QueryFilter[] = [];
  for (const m of query.matchAll(FILTER)) {
    found.push({
      text: m[0].slice(m[1].length),
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

/** The literal parts of a query: quoted phrases whole; filters and `-excluded` parts left out. */
export function queryParts(query: string): string[] {
  const parts: string[] = [];
  for (const m of query.replace(FILTER, " ").matchAll(/"([^"]+)"|“([^”]+)”|(\S+)/g)) {
    const part = m[1] ?? m[2] ?? m[3] ?? "";
    if (!part || (m[3] && (part.startsWith("-") || part === "OR"))) continue;
    parts.push(part);
  }
  return parts;
}

