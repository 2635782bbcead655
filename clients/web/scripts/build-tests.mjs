// Compiles test code to .build/: `unit` bundles tests/unit/*.test.ts (with the audio code they import) for
// `node --test`; `browser` bundles the browser tests' TypeScript support module (which uses the generated client).
import { readdirSync } from "node:fs";
import { build } from "esbuild";

const common = { bundle: true, platform: "node", format: "esm", target: "node20", packages: "external", sourcemap: "inline", logLevel: "warning" };
const which = process.argv[2];

if (which === "unit") {
  const entryPoints = readdirSync("tests/unit")
    .filter((name) => name.endsWith(".test.ts"))
    .map((name) => `tests/unit/${name}`);
  await build({ ...common, entryPoints, outdir: ".build/unit", outExtension: { ".js": ".mjs" } });
} else if (which === "browser") {
  await build({ ...common, entryPoints: { support: "tests/browser/support/index.ts" }, outdir: ".build/browser", outExtension: { ".js": ".mjs" } });
} else {
  console.error("usage: node scripts/build-tests.mjs unit|browser");
  process.exit(2);
}
