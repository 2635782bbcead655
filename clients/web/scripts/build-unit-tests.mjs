// Compiles the unit tests (and the audio code they import) to .build/unit/ for `node --test`.
import { readdirSync } from "node:fs";
import { build } from "esbuild";

const entryPoints = readdirSync("tests/unit")
  .filter((name) => name.endsWith(".test.ts"))
  .map((name) => `tests/unit/${name}`);

await build({
  entryPoints,
  outdir: ".build/unit",
  outExtension: { ".js": ".mjs" },
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  sourcemap: "inline",
  logLevel: "warning",
});
