import { defineConfig } from "vite";

// The UI is served by Tauri from ui/dist (no dev server needed); `npm run dev` is for
// working on the layout in a browser only.
export default defineConfig({
  clearScreen: false,
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "safari15",
    // No inline scripts or styles: the CSP forbids them.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
});
