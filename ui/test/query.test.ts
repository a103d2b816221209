import { test } from "node:test";
import assert from "node:assert/strict";
import { queryFilters, queryParts, withoutFilter } from "../src/query.js";

test("the filters of a query become chips, full-width colons and quotes included", () => {
  const q = '组织 tag：党建/组织建设 -site:news.cn is:unread author:"张 三"';
  assert.deepEqual(
    queryFilters(q).map((f) => [f.text, f.key, f.value, f.not]),
    [
      ["tag：党建/组织建设", "tag", "党建/组织建设", false],
      ["-site:news.cn", "site", "news.cn", true],
      ["is:unread", "is", "unread", false],
      ['author:"张 三"', "author", "张 三", false],
    ],
  );
  assert.deepEqual(queryFilters("foo:bar 组织"), [], "an unknown key is text, not a filter");
});

test("removing a chip takes exactly its filter out of the query", () => {
  const q = "组织 tag：党建 is:unread 路线";
  assert.equal(withoutFilter(q, "tag：党建"), "组织 is:unread 路线");
  assert.equal(withoutFilter(q, "is:unread"), "组织 tag：党建 路线");
  assert.equal(withoutFilter(q, "has:notes"), q);
});

test("the reader marks the text parts only: not filters, exclusions or OR", () => {
  assert.deepEqual(queryParts('组工干部 "组织 路线" -广告 tag:"a b" OR 碳达峰 is:starred'), [
    "组工干部",
    "组织 路线",
    "碳达峰",
  ]);
});
