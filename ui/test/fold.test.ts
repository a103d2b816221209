import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { foldText, matchRanges, needleOf, parseFoldTable } from "../src/fold.js";

// The real table the app ships (tests run from ui/).
const table = parseFoldTable(readFileSync("../crates/core/data/han-fold.tsv", "utf8"));
const needles = (...parts: string[]) => parts.map((p) => needleOf(p, table)).filter((n) => n !== null);

test("the table folds the one-to-many cases to one Simplified character", () => {
  assert.equal(foldText("組織", table), "组织");
  assert.equal(foldText("發髮", table), "发发");
  assert.equal(foldText("裡裏", table), "里里");
  assert.equal(foldText("ＡＢＣ１２３", table), "abc123");
});

test("a Simplified query marks the Traditional original, and the other way round", () => {
  const text = "河北區委組織部深入踐行新時代黨的組織路線";
  const ranges = matchRanges(text, needles("组织"), table);
  assert.deepEqual(
    ranges.map(([s, e]) => text.slice(s, e)),
    ["組織", "組織"],
  );
  const simplified = "组织部";
  assert.deepEqual(matchRanges(simplified, needles("組織"), table), [[0, 2]]);
});

test("an exact part matches only the characters as written", () => {
  const text = "组织与組織";
  assert.deepEqual(matchRanges(text, needles("=組織"), table), [[3, 5]]);
  assert.deepEqual(matchRanges(text, needles('="组织"'), table), [[0, 2]]);
});

test("offsets stay right across characters outside the BMP and width changes", () => {
  // 㑮 folds to 𫝈 (two UTF-16 units): the marks after it must still land on the original.
  const text = "㑮ＡＢ組織";
  const ranges = matchRanges(text, needles("组织", "ab"), table);
  assert.deepEqual(
    ranges.map(([s, e]) => text.slice(s, e)),
    ["ＡＢ", "組織"],
  );
});

test("random texts: every reported range folds to its needle", () => {
  const alphabet = Array.from("组織织組发發髮里裡裏的ＡaB ");
  let seed = 7;
  const rnd = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  for (let round = 0; round < 300; round++) {
    const text = Array.from({ length: 20 }, () => alphabet[rnd(alphabet.length)]).join("");
    const part = Array.from({ length: 1 + rnd(3) }, () => alphabet[rnd(alphabet.length - 1)]).join("");
    const n = needleOf(part, table);
    if (!n) continue;
    for (const [s, e] of matchRanges(text, [n], table)) {
      assert.equal(foldText(text.slice(s, e), table), n.text, `${text} / ${part}`);
    }
    const expected = foldText(text, table).includes(n.text);
    assert.equal(matchRanges(text, [n], table).length > 0, expected, `${text} / ${part}`);
  }
});
