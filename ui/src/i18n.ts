// The UI's two languages. Chinese first: most of our users read and write Chinese.

export type Lang = "zh" | "en";

const messages = {
  zh: {
    searchPlaceholder: "搜索全文(Ctrl+K)",
    allArticles: (n: number) => `全部文章 · ${n} 篇`,
    results: (n: number, ms: number) => `找到 ${n} 篇 · ${ms} 毫秒`,
    empty: "文库还是空的。把 .html、.txt、.md 或 .mht 文件(或整个文件夹)拖到这个窗口里即可导入。",
    noResults: "没有找到包含这些词的文章。",
    pickArticle: "在左侧选择一篇文章阅读。",
    dropHere: "松开即可导入",
    importing: (d: number, t: number) => `正在导入 ${d}/${t}`,
    imported: (i: number, d: number, f: number) => `导入完成:新增 ${i} 篇,重复 ${d} 篇,失败 ${f} 个`,
    cancel: "取消",
    failedFile: "导入失败",
    libraryError: "无法打开文库",
    source: "来源",
    author: "作者",
    published: "发布时间",
    original: "原文链接",
    langToggle: "English",
    allTags: "全部",
    shortcuts: "键盘快捷键",
    shortcutList: [
      ["Ctrl+K  /", "搜索"],
      ["↓ ↑  j k", "下一篇 / 上一篇"],
      ["Esc", "清空搜索 / 关闭本面板"],
      ["?", "显示或隐藏本面板"],
    ] as Array<[string, string]>,
    readOnly: "另一个程序(例如 wz import)正在写入这个文库:现在只能阅读和搜索,无法修改。关闭它后重新打开文摘即可。",
    addTag: "添加标签,回车确认",
    star: "收藏",
    unstar: "取消收藏",
    theme: "主题",
    themeNames: { light: "浅色", sepia: "护眼", dark: "深色" } as Record<string, string>,
    duplicateOf: (id: number) => `与第 ${id} 篇重复`,
    importedAs: (id: number) => `已导入(第 ${id} 篇)`,
    importResults: "导入结果",
  },
  en: {
    searchPlaceholder: "Search everything (Ctrl+K)",
    allArticles: (n: number) => `All articles · ${n}`,
    results: (n: number, ms: number) => `${n} found · ${ms} ms`,
    empty: "Your library is empty. Drag .html, .txt, .md or .mht files (or whole folders) onto this window to import them.",
    noResults: "No article contains all of these words.",
    pickArticle: "Pick an article on the left to read it.",
    dropHere: "Drop to import",
    importing: (d: number, t: number) => `Importing ${d}/${t}`,
    imported: (i: number, d: number, f: number) => `Import finished: ${i} new, ${d} duplicates, ${f} failed`,
    cancel: "Cancel",
    failedFile: "Failed",
    libraryError: "Cannot open the library",
    source: "Source",
    author: "Author",
    published: "Published",
    original: "Original",
    langToggle: "中文",
    allTags: "All",
    shortcuts: "Keyboard shortcuts",
    shortcutList: [
      ["Ctrl+K  /", "Search"],
      ["↓ ↑  j k", "Next / previous article"],
      ["Esc", "Clear the search / close this panel"],
      ["?", "Show or hide this panel"],
    ] as Array<[string, string]>,
    readOnly: "Another program (such as wz import) is writing this library: you can read and search, but not change it. Close it and reopen Wenzhai.",
    addTag: "Add a tag, Enter to confirm",
    star: "Star",
    unstar: "Unstar",
    theme: "Theme",
    themeNames: { light: "light", sepia: "sepia", dark: "dark" } as Record<string, string>,
    duplicateOf: (id: number) => `duplicate of #${id}`,
    importedAs: (id: number) => `imported as #${id}`,
    importResults: "Import results",
  },
};

export type Messages = (typeof messages)["zh"];

export function initialLang(): Lang {
  const saved = localStorage.getItem("wenzhai.lang");
  if (saved === "zh" || saved === "en") return saved;
  return navigator.language.toLowerCase().startsWith("zh") ? "zh" : "en";
}

export function t(lang: Lang): Messages {
  return messages[lang];
}
