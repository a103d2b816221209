// Maps between the reader's text (the text nodes of the sanitized article HTML, in order) and
// the article's plain text, whose offsets every annotation stores. Offsets count Unicode scalar
// values (code points), as the Rust side's `char`s do; JavaScript strings count UTF-16 units,
// so every conversion goes through code points here and nowhere else.
//
// The two texts agree on their visible characters but not on whitespace (paragraph breaks are
// "\n\n" in the plain text and element boundaries in the DOM), and the DOM may carry a little
// text the plain text dropped (a caption, an image's alt). So the map aligns the two
// whitespace-free sequences, skipping DOM characters that cannot be matched and resynchronising
// on the next run of matching characters.

/** How many following characters must agree before a jump in the plain text is trusted. */
const RESYNC_RUN = 6;
/** How far ahead (in plain-text code points) a resynchronisation may look. */
const RESYNC_WINDOW = 4000;

const isSpace = (c: string) => /\s/u.test(c);

export interface TextMap {
  /** For every code point of the joined segments: its plain-text offset, or -1 (whitespace or unmatched). */
  readonly toPlain: Int32Array;
  /** For every plain-text code point: its index in the joined segments, or -1. */
  readonly toDom: Int32Array;
  /** Where each segment starts in the joined code points. */
  readonly segmentStarts: number[];
}

/** Align `segments` (the DOM's text nodes, in order) with `plain` (the article's plain text). */
export function buildTextMap(segments: string[], plain: string): TextMap {
  const dom: string[] = [];
  const segmentStarts: number[] = [];
  for (const s of segments) {
    segmentStarts.push(dom.length);
    for (const c of s) dom.push(c);
  }
  const text = Array.from(plain);
  const toPlain = new Int32Array(dom.length).fill(-1);
  const toDom = new Int32Array(text.length).fill(-1);
  let j = 0;
  for (let i = 0; i < dom.length; i++) {
    const c = dom[i];
    if (isSpace(c)) continue;
    while (j < text.length && isSpace(text[j])) j++;
    if (j < text.length && text[j] === c) {
      toPlain[i] = j;
      toDom[j] = i;
      j++;
      continue;
    }
    const k = resync(dom, i, text, j);
    if (k >= 0) {
      toPlain[i] = k;
      toDom[k] = i;
      j = k + 1;
    }
    // else: this DOM character is not in the plain text (leave it unmapped, keep j).
  }
  return { toPlain, toDom, segmentStarts };
}

/** The plain-text index where the non-space run starting at dom[i] continues, or -1. */
function resync(dom: string[], i: number, text: string[], from: number): number {
  const run: string[] = [];
  for (let x = i; x < dom.length && run.length < RESYNC_RUN; x++) {
    if (!isSpace(dom[x])) run.push(dom[x]);
  }
  const limit = Math.min(text.length, from + RESYNC_WINDOW);
  for (let k = from; k < limit; k++) {
    if (text[k] !== run[0]) continue;
    let y = k;
    let matched = 0;
    for (const c of run) {
      while (y < text.length && isSpace(text[y])) y++;
      if (text[y] !== c) break;
      matched++;
      y++;
    }
    if (matched === run.length) return k;
  }
  return -1;
}

/**
 * The plain-text range `[start, end)` covered by DOM code points `[from, to)`: from the first
 * mapped character at or after `from` to just past the last mapped one before `to`. Null when
 * the DOM range holds no mapped character (only whitespace, or text the plain text lacks).
 */
export function domRangeToPlain(map: TextMap, from: number, to: number): [number, number] | null {
  let s = -1;
  for (let i = Math.max(0, from); i < Math.min(to, map.toPlain.length); i++) {
    if (map.toPlain[i] >= 0) {
      s = map.toPlain[i];
      break;
    }
  }
  let e = -1;
  for (let i = Math.min(to, map.toPlain.length) - 1; i >= Math.max(0, from); i--) {
    if (map.toPlain[i] >= 0) {
      e = map.toPlain[i] + 1;
      break;
    }
  }
  return s >= 0 && e > s ? [s, e] : null;
}

/**
 * The DOM code-point runs `[from, to)` that show plain-text range `[start, end)`, one per
 * contiguous stretch (a highlight across paragraphs gives one run per paragraph).
 */
export function plainRangeToDomRuns(map: TextMap, start: number, end: number): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  for (let j = Math.max(0, start); j < Math.min(end, map.toDom.length); j++) {
    const i = map.toDom[j];
    if (i < 0) continue;
    const last = runs[runs.length - 1];
    if (last && last[1] === i) last[1] = i + 1;
    else runs.push([i, i + 1]);
  }
  return mergeAcrossSpaces(runs);
}

/** Runs separated only by skipped whitespace are one run (a highlight over "a b" is one mark). */
function mergeAcrossSpaces(runs: Array<[number, number]>): Array<[number, number]> {
  // Whitespace inside a paragraph sits between mapped characters: the caller splits runs at
  // text-node boundaries anyway, so merging the whitespace gaps keeps marks continuous.
  const out: Array<[number, number]> = [];
  for (const r of runs) {
    const last = out[out.length - 1];
    if (last && r[0] - last[1] <= 2) last[1] = r[1];
    else out.push([r[0], r[1]]);
  }
  return out;
}

/** The segment index and code-point offset within it of joined index `i`. */
export function locate(map: TextMap, i: number): [number, number] {
  const starts = map.segmentStarts;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= i) lo = mid;
    else hi = mid - 1;
  }
  return [lo, i - starts[lo]];
}

/** UTF-16 offset of code point `cp` in `s` (and back): DOM ranges speak UTF-16. */
export function utf16Offset(s: string, cp: number): number {
  let units = 0;
  let n = 0;
  for (const c of s) {
    if (n === cp) break;
    units += c.length;
    n++;
  }
  return units;
}

export function codePointOffset(s: string, utf16: number): number {
  let units = 0;
  let n = 0;
  for (const c of s) {
    if (units >= utf16) break;
    units += c.length;
    n++;
  }
  return n;
}
