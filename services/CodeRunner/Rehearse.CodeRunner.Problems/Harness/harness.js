// Rehearse test harness for JavaScript: reads the run's spec (JSON) from stdin, loads the candidate's solution.js,
// calls its function or class once per test and writes one record per test to stdout as a line starting with
// "\x1e" and the run's nonce. What the candidate logs during a call is captured into that test's record.
'use strict';
const fs = require('fs');
const vm = require('vm');

const MAX_CAPTURED = 4096;
const MAX_RESULT_JSON = 65536;

class ListNode {
  constructor(val = 0, next = null) {
    this.val = val;
    this.next = next;
  }
}

class TreeNode {
  constructor(val = 0, left = null, right = null) {
    this.val = val;
    this.left = left;
    this.right = right;
  }
}

function toListNode(values) {
  let head = null;
  for (let i = (values || []).length - 1; i >= 0; i--) head = new ListNode(values[i], head);
  return head;
}

function toTreeNode(values) {
  if (!values || values.length === 0 || values[0] === null) return null;
  const root = new TreeNode(values[0]);
  const queue = [root];
  let i = 1;
  for (let q = 0; q < queue.length && i < values.length; q++) {
    const node = queue[q];
    if (values[i] !== null && values[i] !== undefined) queue.push((node.left = new TreeNode(values[i])));
    i++;
    if (i < values.length && values[i] !== null && values[i] !== undefined) queue.push((node.right = new TreeNode(values[i])));
    i++;
  }
  return root;
}

function convertIn(value, type) {
  const base = type.replace(/(\[\])+$/, '');
  const depth = (type.length - base.length) / 2;
  if (base !== 'ListNode' && base !== 'TreeNode') return value;
  const walk = (v, d) => (d > 0 ? v.map((x) => walk(x, d - 1)) : base === 'ListNode' ? toListNode(v) : toTreeNode(v));
  return walk(value, depth);
}

function convertOut(value, depth = 0) {
  if (depth > 10000) throw new Error('the result is too deeply nested (a cycle?)');
  if (value === undefined) return null;
  if (value instanceof ListNode) {
    const out = [];
    for (let node = value; node !== null && node !== undefined; node = node.next) {
      out.push(convertOut(node.val, depth + 1));
      if (out.length > 100000) throw new Error('the returned list has a cycle or more than 100000 nodes');
    }
    return out;
  }
  if (value instanceof TreeNode) {
    const out = [];
    const queue = [value];
    for (let q = 0; q < queue.length; q++) {
      if (queue.length > 200000) throw new Error('the returned tree has a cycle or too many nodes');
      const node = queue[q];
      if (node === null || node === undefined) out.push(null);
      else {
        out.push(convertOut(node.val, depth + 1));
        queue.push(node.left, node.right);
      }
    }
    while (out.length > 0 && out[out.length - 1] === null) out.pop();
    return out;
  }
  if (value instanceof Set || value instanceof Map) throw new TypeError(`returned a ${value.constructor.name}, which has no JSON form; return an array`);
  if (Array.isArray(value)) return value.map((v) => convertOut(v, depth + 1));
  if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError(`returned ${value}, which has no JSON form`);
  if (typeof value === 'bigint') return Number(value);
  if (value !== null && typeof value === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(value)) out[k] = convertOut(v, depth + 1);
    return out;
  }
  return value;
}

function describe(error) {
  // Errors thrown by the solution come from its own context, so they are not instances of this context's Error.
  if (error === null || typeof error !== 'object' || typeof error.message !== 'string') return `Error: ${String(error)}`;
  const line = /solution\.js:(\d+)/.exec(error.stack || '');
  return `${error.name}: ${error.message}${line ? ` (line ${line[1]})` : ''}`;
}

function main() {
  const spec = JSON.parse(fs.readFileSync(0, 'utf8'));
  const nonce = spec.nonce;
  const emit = (record) => fs.writeSync(1, `\x1e${nonce} ${JSON.stringify(record)}\n`);

  let captured = '';
  const capture = (...args) => {
    if (captured.length < MAX_CAPTURED) captured += args.map((a) => (typeof a === 'string' ? a : require('util').inspect(a))).join(' ') + '\n';
  };
  const sandboxConsole = { ...console, log: capture, info: capture, debug: capture, warn: console.error, error: console.error };

  const source = fs.readFileSync('/sandbox/solution.js', 'utf8');
  const module = { exports: {} };
  const context = vm.createContext({ module, exports: module.exports, require, console: sandboxConsole, ListNode, TreeNode, process, Buffer, setTimeout, clearTimeout });
  // The entry is looked up by name in the solution's top-level scope, whether it exported it or not.
  vm.runInContext(`${source}\n;globalThis.__entry = typeof ${spec.name} !== 'undefined' ? ${spec.name} : module.exports.${spec.name};`, context, { filename: 'solution.js' });
  const target = context.__entry;
  if (typeof target !== 'function') throw new ReferenceError(`solution.js defines no ${spec.kind} named ${spec.name}`);

  spec.tests.forEach((test, index) => {
    captured = '';
    const record = { index };
    const started = process.hrtime.bigint();
    try {
      if (spec.kind === 'class') {
        const instance = new target(...test.arguments[0].map((a, i) => convertIn(a, spec.parameterTypes[i] || 'any')));
        const results = [null];
        for (let i = 1; i < test.operations.length; i++) {
          const method = instance[test.operations[i]];
          if (typeof method !== 'function') throw new TypeError(`${spec.name} has no method ${test.operations[i]}`);
          results.push(convertOut(method.apply(instance, test.arguments[i])));
        }
        record.value = results;
      } else {
        record.value = convertOut(target(...test.map((a, i) => convertIn(a, spec.parameterTypes[i] || 'any'))));
        // The empty list or tree is written [].
        if (record.value === null && (spec.returnType === 'ListNode' || spec.returnType === 'TreeNode')) record.value = [];
      }
    } catch (error) {
      delete record.value;
      record.error = describe(error);
    }
    const size = 'value' in record ? JSON.stringify(record.value).length : 0;
    if (size > MAX_RESULT_JSON) {
      delete record.value;
      record.error = `RangeError: the result's JSON is ${size} characters, over the limit of ${MAX_RESULT_JSON}`;
    }
    record.ms = Number(process.hrtime.bigint() - started) / 1e6;
    record.stdout = captured.slice(0, MAX_CAPTURED);
    emit(record);
  });
}

main();
