// Folding for the reader's match marks, the same as search's (crates/search/src/text.rs):
// Traditional characters to Simplified by the table in crates/core/data/han-fold.tsv, full-width
// letters and digits to half-width, lower case. Marks are placed on the original text, so a
// search for 组织 marks 組織 in a Traditional article. Pure functions, tested by ui/test/fold.test.ts.

/** Traditional → Simplified, one character to one character. */
export type FoldTable = ReadonlyMap<string, string>;

/** The fold table from the TSV (`繁<TAB>简` lines, `#` comments). */
export function parseFoldTable(tsv: string): FoldTable {
  const table = new Map<string, string>();
  for (const line of tsv.split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const [from, to] = line.split("\t");
    if (from && to) table.set(from, to.trim());
  }
  return table;
}

function foldChar(c: string, table: FoldTable): string {
  const code = c.codePointAt(0) ?? 0;
  if (code >= 0xff01 && code <= 0xff5e) c = String.fromCodePoint(code - 0xfee0);
  else if (code === 0x3000) c = " ";
  else c = table.get(c) ?? c;
  return c.toLowerCase();
}

/** `text` folded, and for each UTF-16 unit of the result the index in `text` it came from. */
export function foldWithOrigins(text: string, table: FoldTable): { folded: string; origins: number[] } {
  let folded = "";
  const origins: number[] = [];
  let i = 0;
  for (const c of text) {
    const f = foldChar(c, table);
    for (let k = 0; k < f.length; k++) origins.push(i);
    folded += f;
    i += c.length;
  }
  origins.push(i);
  return { folded, origins };
}

export function foldText(text: string, table: FoldTable): string {
  return foldWithOrigins(text, table).folded;
}

/** A literal query part as the reader matches it: `=組織` / `="組織"` means these exact characters. */
export interface Needle {
  text: string;
  exact: boolean;
}

export function needleOf(part: string, table: FoldTable): Needle | null {
  const exact = part.startsWith("=");
  const text = (exact ? part.slice(1) : part).replace(/^["“]|["”]$/g, "");
  if (!text) return null;
  return exact ? { text, exact } : { text: foldText(text, table), exact };
}

/**
 * Where the needles occur in `text`, as sorted, non-overlapping [start, end) UTF-16 ranges of the
 * original text. Folded needles match the folded text; exact ones the text as it is.
 */
export function matchRanges(text: string, needles: Needle[], table: FoldTable): Array<[number, number]> {
  const hits: Array<[number, number]> = [];
  let view: { folded: string; origins: number[] } | null = null;
  for (const needle of needles) {
    if (needle.exact) {
      for (let i = text.indexOf(needle.text); i >= 0; i = text.indexOf(needle.text, i + needle.text.length)) {
        hits.push([i, i + needle.text.length]);
      }
      continue;
    }
    view ??= foldWithOrigins(text, table);
    const { folded, origins } = view;
    for (let i = folded.indexOf(needle.text); i >= 0; i = folded.indexOf(needle.text, i + needle.text.length)) {
      hits.push([origins[i], origins[i + needle.text.length]]);
    }
  }
  hits.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const kept: Array<[number, number]> = [];
  for (const h of hits) if (kept.length === 0 || h[0] >= kept[kept.length - 1][1]) kept.push(h);
  return kept;
}
