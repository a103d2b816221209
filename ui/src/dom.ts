// Small DOM helpers shared by the window's modules.

export interface IpcError {
  code: string;
  message: string;
}

export const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A key that confirms or cancels an IME candidate (WebKit sends its Enter after
 * `compositionend`, with keyCode 229): not ours to act on. */
export function composing(e: KeyboardEvent): boolean {
  return e.isComposing || e.keyCode === 229;
}

export function button(cls: string, text: string, onClick: (e: MouseEvent) => void, title?: string): HTMLButtonElement {
  const b = el("button", cls, text);
  b.type = "button";
  if (title) b.title = title;
  b.addEventListener("click", onClick);
  return b;
}

/** The message of an `{code, message}` error from a command, or the thing itself. */
export function errorText(e: unknown): string {
  if (e && typeof e === "object" && "message" in e) return String((e as IpcError).message);
  return String(e);
}

/** Plain text with the given [start, end) char ranges wrapped in <mark>, built as DOM nodes. */
export function highlighted(text: string, ranges: Array<[number, number]>): DocumentFragment {
  const chars = Array.from(text);
  const frag = document.createDocumentFragment();
  let pos = 0;
  for (const [s, e] of ranges) {
    if (s < pos) continue;
    frag.append(chars.slice(pos, s).join(""));
    frag.append(el("mark", undefined, chars.slice(s, e).join("")));
    pos = e;
  }
  frag.append(chars.slice(pos).join(""));
  return frag;
}

/** True while the keyboard focus is in a text field (single-key shortcuts then type instead). */
export function typing(): boolean {
  const a = document.activeElement;
  return a instanceof HTMLInputElement || a instanceof HTMLTextAreaElement || a instanceof HTMLSelectElement;
}
