// Property tests of the reader's text map: a range of the article's plain text, shown in the
// DOM and selected there, maps back to the same range (less leading/trailing whitespace), over
// random ranges of the seed and of Chinese and English corpus texts when ../shared is present,
// and always over built-in texts with CJK, emoji and text the plain text lacks.
// Run by `npm test` (which `cargo test` runs through tests/ui.rs).

import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { buildTextMap, domRangeToPlain, plainRangeToDomRuns, locate, utf16Offset, codePointOffset } from "../src/textmap.js";

const SHARED = new URL("../../../../shared/", import.meta.url) // from ui/.test-build/test/;

/** A small deterministic PRNG, so a failure can be replayed. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Text nodes as the reader shows plain text: one per line, paragraph breaks gone. */
function paragraphSegments(plain: string): string[] {
  return plain.split(/\n+/).filter((s) => s.length > 0);
}

/** Text nodes as an HTML page may give them: indentation, an image alt and a caption the
 *  plain text lacks, inline markup splitting a paragraph into several nodes. */
function htmlishSegments(plain: string, rand: () => number): string[] {
  const out: string[] = ["（图片说明：资料图）"];
  for (const para of paragraphSegments(plain)) {
    const chars = Array.from(para);
    let pos = 0;
    const indent = rand() < 0.5 ? "\u3000\u3000" : "  ";
    let first = true;
    while (pos < chars.length) {
      const len = 1 + Math.floor(rand() * 40);
      out.push((first ? indent : "") + chars.slice(pos, pos + len).join(""));
      first = false;
      pos += len;
    }
    if (rand() < 0.1) out.push("\n");
  }
  return out;
}

function trimmed(plain: string[], s: number, e: number): [number, number] | null {
  while (s < e && /\s/u.test(plain[s])) s++;
  while (e > s && /\s/u.test(plain[e - 1])) e--;
  return e > s ? [s, e] : null;
}

function roundTrips(plain: string, segments: string[], rounds: number, seed: number) {
  const chars = Array.from(plain);
  const map = buildTextMap(segments, plain);
  const rand = rng(seed);
  let checked = 0;
  for (let r = 0; r < rounds; r++) {
    const s = Math.floor(rand() * chars.length);
    const e = Math.min(chars.length, s + 1 + Math.floor(rand() * 300));
    const want = trimmed(chars, s, e);
    if (!want) continue;
    const runs = plainRangeToDomRuns(map, s, e);
    assert.ok(runs.length > 0, `range ${s}..${e} has no DOM run`);
    // The user's selection: from the first run's start to the last run's end.
    const got = domRangeToPlain(map, runs[0][0], runs[runs.length - 1][1]);
    assert.deepEqual(got, want, `range ${s}..${e}: ${chars.slice(s, e).join("")}`);
    checked++;
  }
  assert.ok(checked > rounds / 2);
}

function corpusTexts(file: string, n: number): string[] {
  const path = new URL(`corpus/${file}`, SHARED);
  if (!existsSync(path)) {
    console.log(`skip: ${path.pathname} is absent`);
    return [];
  }
  return gunzipSync(readFileSync(path))
    .toString("utf8")
    .split("\n")
    .slice(0, n)
    .filter((l) => l.trim())
    .map((l) => {
      const j = JSON.parse(l) as { title: string; body: string };
      return `${j.title}\n\n${j.body}`;
    });
}

const BUILT_IN = [
  "中国共产党第二十次全国代表大会\n\n大会 主题 是：高举中国特色社会主义伟大旗帜。😀表情符号👨‍👩‍👧 也要算对。\n\n第三段 with English words, 数字 2022 年。",
  "A Quiet Revolution\n\nThe city council voted on Tuesday to expand the bike lanes.\nA second line.\n\nLast paragraph — with an em dash, “quotes” and 𝄞 music.",
];

test("round trip over built-in CJK, emoji and English texts", () => {
  BUILT_IN.forEach((t, k) => {
    roundTrips(t, paragraphSegments(t), 400, 1 + k);
    roundTrips(t, htmlishSegments(t, rng(7 + k)), 400, 11 + k);
  });
});

test("round trip over the seed article", (t) => {
  const seed = new URL("fixtures/seed/fanfu-tianjin-hebei.txt", SHARED);
  if (!existsSync(seed)) {
    t.skip(`${seed.pathname} is absent`);
    return;
  }
  const text = readFileSync(seed, "utf8").replace(/\r\n/g, "\n");
  roundTrips(text, paragraphSegments(text), 1000, 3);
  roundTrips(text, htmlishSegments(text, rng(5)), 1000, 4);
});

test("round trip over Chinese and English corpus texts", () => {
  const texts = [...corpusTexts("xwlb_zh.jsonl.gz", 40), ...corpusTexts("bbc_en.jsonl.gz", 40)];
  texts.forEach((text, k) => {
    roundTrips(text, paragraphSegments(text), 100, 100 + k);
    roundTrips(text, htmlishSegments(text, rng(200 + k)), 100, 300 + k);
  });
});

test("text the plain text lacks maps to nothing, and a selection of only that is null", () => {
  const plain = "第一段正文。\n\n第二段正文。";
  const map = buildTextMap(["（图片说明）", "第一段正文。", "第二段正文。"], plain);
  assert.equal(domRangeToPlain(map, 0, 6), null);
  assert.deepEqual(domRangeToPlain(map, 0, 12), [0, 6]);
  const [seg, off] = locate(map, 8);
  assert.deepEqual([seg, off], [1, 2]);
});

test("UTF-16 and code point offsets convert both ways across emoji", () => {
  const s = "a😀b𝄞c";
  for (let cp = 0; cp <= Array.from(s).length; cp++) {
    assert.equal(codePointOffset(s, utf16Offset(s, cp)), cp);
  }
  assert.equal(utf16Offset(s, 2), 3);
});
