// Bundles the page into dist/: app.js (the application) and its chunks loaded on demand, theme.js (the remembered theme, run before first
// paint), capture-worklet.js (the audio thread's module, loaded
// with audioWorklet.addModule), app.css and index.html. Prints each file's size and the gzipped total.
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

rmSync("dist", { recursive: true, force: true });
mkdirSync("dist", { recursive: true });

const common = { bundle: true, minify: true, target: "es2022", legalComments: "none", logLevel: "warning", sourcemap: "linked" };
// Split: what is imported on demand (the code editor, src/room/coding/load-editor.ts) goes into chunk files
// fetched when first needed.
await build({ ...common, entryPoints: { app: "src/main.ts" }, outdir: "dist", format: "esm", splitting: true, chunkNames: "[name]-[hash]" });
// A classic script in <head>, not a module: it must run before the page is painted.
await build({ ...common, entryPoints: { theme: "src/theme-preload.ts" }, outdir: "dist", format: "iife", sourcemap: false });
// A worklet module has no DOM and no module loader of its own: one self-contained script.
await build({ ...common, entryPoints: { "capture-worklet": "src/audio/capture-worklet.ts" }, outdir: "dist", format: "esm" });
await build({ ...common, entryPoints: { app: "src/app.css" }, outdir: "dist", sourcemap: false });
copyFileSync("src/index.html", "dist/index.html");

let raw = 0;
let gzipped = 0;
for (const name of readdirSync("dist").filter((n) => !n.endsWith(".map")).sort()) {
  const bytes = readFileSync(`dist/${name}`);
  const gz = gzipSync(bytes, { level: 9 }).length;
  raw += statSync(`dist/${name}`).size;
  gzipped += gz;
  console.log(`${name.padEnd(22)} ${(bytes.length / 1024).toFixed(1).padStart(7)} KiB  ${(gz / 1024).toFixed(1).padStart(6)} KiB gzipped`);
}
console.log(`${"total".padEnd(22)} ${(raw / 1024).toFixed(1).padStart(7)} KiB  ${(gzipped / 1024).toFixed(1).padStart(6)} KiB gzipped`);
