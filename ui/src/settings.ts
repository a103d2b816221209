// Settings (File ▸ Settings…, Ctrl+,): where the library lives (moved safely by the app, with
// progress), language, theme, the remote-image policy and what a newer save of an article
// does by default. Preferences are the webview's (localStorage); the library's place is the
// settings file `wz` reads too, so both always open the same library.

import { invoke } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";
import { button, el, errorText } from "./dom";
import type { Lang } from "./i18n";

export type ImagePolicy = "ask" | "always";
export type NewerSaves = "never" | "newer";

const IMAGES = "wenzhai.images";
const NEWER = "wenzhai.newer";

export function imagePolicy(): ImagePolicy {
  return localStorage.getItem(IMAGES) === "always" ? "always" : "ask";
}

/** The update mode a drop, a paste or "Open with" imports with. */
export function newerSaves(): NewerSaves {
  return localStorage.getItem(NEWER) === "newer" ? "newer" : "never";
}

/** Tell the app the image policy (it fetches the images, so it must know). */
export async function applyImagePolicy(): Promise<void> {
  await invoke("set_image_policy", { always: imagePolicy() === "always" });
}

const text = {
  zh: {
    title: "设置",
    close: "关闭",
    library: "文库位置",
    move: "移动到…",
    moving: (phase: string, done: number, total: number) => `正在移动文库:${phase} ${done}/${total}`,
    phases: {
      database: "复制数据库",
      files: "复制文件",
      verifying: "校验副本",
      switching: "切换到新位置",
      removing_old: "删除原处的文库",
    } as Record<string, string>,
    waiting: "等待正在进行的导入完成…",
    moved: (path: string, n: number) => `文库已移到 ${path}(${n} 篇,已校验)`,
    moveFailed: (e: string) => `文库没有移动,原处的文库完好:${e}`,
    moveConfirm: (to: string) =>
      `把文库移到 ${to}?\n文摘会先完整复制并校验,确认无误后才删除原处的文库;移动期间不能导入。`,
    language: "界面语言",
    theme: "主题",
    images: "远程图片",
    imagesAsk: "默认阻止,逐篇允许(不联网)",
    imagesAlways: "总是由文摘代为下载(不带 Cookie)",
    newer: "同一网址的新版本",
    newerNever: "保留原文,在导入结果中询问",
    newerNewer: "文件更新时自动更新文章(保留标注)",
  },
  en: {
    title: "Settings",
    close: "Close",
    library: "Library folder",
    move: "Move to…",
    moving: (phase: string, done: number, total: number) => `Moving the library: ${phase} ${done}/${total}`,
    phases: {
      database: "copying the database",
      files: "copying files",
      verifying: "verifying the copy",
      switching: "switching to the new place",
      removing_old: "removing the old folder",
    } as Record<string, string>,
    waiting: "Waiting for the running import to finish…",
    moved: (path: string, n: number) => `The library is now at ${path} (${n} articles, verified)`,
    moveFailed: (e: string) => `The library was not moved and is intact where it was: ${e}`,
    moveConfirm: (to: string) =>
      `Move the library to ${to}?\nWenzhai copies and verifies everything first and removes the old folder only then; imports wait until the move is done.`,
    language: "Language",
    theme: "Theme",
    images: "Remote images",
    imagesAsk: "Blocked; allow per article (nothing loads from the web)",
    imagesAlways: "Always fetched by Wenzhai (without cookies)",
    newer: "A newer save of the same URL",
    newerNever: "Keep the article; ask in the import results",
    newerNewer: "Update the article when the file is newer (highlights kept)",
  },
};

export interface SettingsHooks {
  lang(): Lang;
  setLang(l: Lang): void;
  theme(): string;
  themes: readonly string[];
  themeName(t: string): string;
  setTheme(t: string): void;
  status(message: string, error?: boolean): void;
  /** After the library moved: reload everything from the new place. */
  reloaded(): Promise<void>;
}

interface MoveProgress {
  phase: string;
  done: number;
  total: number;
}

interface MoveReport {
  path: string;
  articles: number;
}

export class SettingsPanel {
  private moving = false;

  constructor(
    private root: HTMLElement,
    private hooks: SettingsHooks,
  ) {
    root.addEventListener("keydown", (e) => {
      if (e.key === "Escape") this.close();
    });
  }

  get isOpen(): boolean {
    return !this.root.hidden;
  }

  close() {
    this.root.hidden = true;
  }

  async open() {
    const m = text[this.hooks.lang()];
    const info = await invoke<{ path: string | null }>("library_info").catch(() => ({ path: null }));
    const closeButton = button("settings-close", "×", () => this.close(), m.close);
    const head = el("div", "settings-head");
    head.append(el("h3", undefined, m.title), closeButton);

    const libRow = this.row(m.library);
    const path = el("code", "settings-path", info.path ?? "—");
    const moveButton = button("settings-move", m.move, () => void this.move());
    moveButton.disabled = this.moving;
    const moveState = el("div", "settings-move-state");
    moveState.id = "settings-move-state";
    libRow.append(path, moveButton, moveState);

    const langRow = this.row(m.language);
    langRow.append(
      this.select("settings-lang", [["zh", "中文"], ["en", "English"]], this.hooks.lang(), (v) => {
        this.hooks.setLang(v as Lang);
        void this.open();
      }),
    );
    const themeRow = this.row(m.theme);
    themeRow.append(
      this.select(
        "settings-theme",
        this.hooks.themes.map((t) => [t, this.hooks.themeName(t)] as [string, string]),
        this.hooks.theme(),
        (v) => this.hooks.setTheme(v),
      ),
    );
    const imagesRow = this.row(m.images);
    imagesRow.append(
      this.select("settings-images", [["ask", m.imagesAsk], ["always", m.imagesAlways]], imagePolicy(), (v) => {
        localStorage.setItem(IMAGES, v);
        applyImagePolicy().catch((e) => this.hooks.status(errorText(e), true));
      }),
    );
    const newerRow = this.row(m.newer);
    newerRow.append(
      this.select("settings-newer", [["never", m.newerNever], ["newer", m.newerNewer]], newerSaves(), (v) =>
        localStorage.setItem(NEWER, v),
      ),
    );
    this.root.replaceChildren(head, libRow, langRow, themeRow, imagesRow, newerRow);
    this.root.hidden = false;
    closeButton.focus();
  }

  private row(label: string): HTMLElement {
    const row = el("div", "settings-row");
    row.append(el("label", "settings-label", label));
    return row;
  }

  private select(id: string, options: Array<[string, string]>, value: string, onChange: (v: string) => void) {
    const s = el("select");
    s.id = id;
    for (const [v, label] of options) {
      const o = el("option", undefined, label);
      o.value = v;
      s.append(o);
    }
    s.value = value;
    s.addEventListener("change", () => onChange(s.value));
    return s;
  }

  /** Pick a folder, confirm, and move the library there with progress. */
  private async move() {
    const m = text[this.hooks.lang()];
    let dest: string | null;
    try {
      // The native folder picker, then a native confirmation with this text.
      dest = await invoke<string | null>("choose_library_folder", {
        title: m.move,
        confirm: m.moveConfirm("{}"),
      });
    } catch (e) {
      this.hooks.status(errorText(e), true);
      return;
    }
    if (dest) await this.moveTo(dest);
  }

  /** Move the library to `dest` (also what the UI tests call, without the native dialog). */
  async moveTo(dest: string) {
    const m = text[this.hooks.lang()];
    this.moving = true;
    const show = (s: string) => {
      const state = document.getElementById("settings-move-state");
      if (state) state.textContent = s;
      this.hooks.status(s);
    };
    show(m.waiting);
    const unlisten = await listen<MoveProgress>("move-progress", (ev) => {
      const p = ev.payload;
      show(p.phase === "waiting" ? m.waiting : m.moving(m.phases[p.phase] ?? p.phase, p.done, p.total));
    });
    try {
      const report = await invoke<MoveReport>("move_library", { dest });
      await this.hooks.reloaded();
      this.hooks.status(m.moved(report.path, report.articles));
    } catch (e) {
      await this.hooks.reloaded();
      this.hooks.status(m.moveFailed(errorText(e)), true);
    } finally {
      unlisten();
      this.moving = false;
      if (this.isOpen) await this.open();
    }
  }
}
