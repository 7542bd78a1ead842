'use strict';
// coldcost: time every CommonJS require() (inclusive) and attribute it to the top-level load.
//
// Usage: node --require /path/node_import_hook.cjs /path/node_run.cjs ENTRY
// At process exit writes ONE line of JSON to the file named by $COLDCOST_TIMINGS_OUT
// (preferred) or else to stderr:
//   {"node":"v20.20.2","total_us":N,"wall_us":N,"cpu_us":N,"process_us":N,"esm":false,
//    "top_level":[{"name":"lodash","cumulative_us":N,
//                  "children":[{"name":"node:util","cumulative_us":N},...]},...]}
// Names: bare specifiers -> package name ("@aws-sdk/client-s3", "lodash"); files inside
// node_modules -> the package owning them; builtins -> "node:fs"; other (local) files -> path
// relative to the package directory ($COLDCOST_PACKAGE_DIR, else cwd; e.g. "src/app.js").
// top_level = loads at depth 0 (the process main module itself is not a frame: its requires are
// depth 0), aggregated by name; children = depth-1 loads under them, aggregated by name. total_us = sum of top_level cumulative_us. wall_us = time node_run.cjs
// measured around loading ENTRY; cpu_us = process.cpuUsage() (user + system CPU of all the
// process's threads) around the same load, which unlike wall time does not count waiting for a
// CPU on a busy machine. process_us = process.uptime() at exit (incl. node bootstrap).
//
// ESM limitation: import statements cannot be timed per module from here (ESM evaluation is not
// hookable; module.register hooks run on another thread and see resolve/load, not evaluation).
// For an ESM entry node_run.cjs times the whole `await import(entry)` as one top-level frame
// ("esm": true); CommonJS packages imported from it still go through Module._load and appear as
// its children. Set COLDCOST_ESM_LOADER=1 (Node >= 20.6) to also register node_esm_loader.mjs,
// which counts ESM modules per package ("esm_modules", best effort: messages arrive
// asynchronously); it perturbs timings (cross-thread hooks).
// Preloads also run in worker threads, including Node's own ESM-hooks thread: act in the main
// thread only.
if (!require('worker_threads').isMainThread) return;
const Module = require('module');
const path = require('path');
const fs = require('fs');
const url = require('url');

const now = () => process.hrtime.bigint(); // ns
const cwd = process.env.COLDCOST_PACKAGE_DIR ? path.resolve(process.env.COLDCOST_PACKAGE_DIR) : process.cwd();
const isBuiltin = Module.isBuiltin || ((s) => Module.builtinModules.includes(s.replace(/^node:/, '')));
const top = new Map(); // name -> {cumulative ns, children Map}
const stack = []; // open frames: {name, children Map}
let wallUs = 0;
let cpuUs = 0;
let esm = false;
const esmModules = {};

function pkgOfPath(p) {
  const i = p.lastIndexOf('node_modules' + path.sep);
  if (i < 0) return null;
  const parts = p.slice(i + 13).split(path.sep);
  return parts[0].startsWith('@') && parts.length > 1 ? parts[0] + '/' + parts[1] : parts[0];
}

// Cheap name for a request (string ops only, no fs: we are inside the parent's timed interval).
function nameOf(request, parent) {
  try {
    if (typeof request !== 'string') return String(request);
    if (isBuiltin(request)) return 'node:' + request.replace(/^node:/, '');
    let abs = null;
    if (request.startsWith('file://')) abs = url.fileURLToPath(request);
    else if (path.isAbsolute(request)) abs = request;
    else if (request.startsWith('.')) {
      const base = parent && parent.filename ? path.dirname(parent.filename) : cwd;
      abs = path.resolve(base, request);
    }
    if (abs === null) { // bare specifier
      const parts = request.split('/');
      return request.startsWith('@') && parts.length > 1 ? parts[0] + '/' + parts[1] : parts[0];
    }
    return pkgOfPath(abs) || path.relative(cwd, abs) || abs;
  } catch (e) {
    return String(request);
  }
}

function record(name, ns) {
  const depth = stack.length; // frames still open above this one
  if (depth === 0) {
    const t = top.get(name) || { ns: 0n, children: new Map() };
    t.ns += ns;
    top.set(name, t);
    return t;
  }
  if (depth === 1) {
    const c = stack[0].children;
    c.set(name, (c.get(name) || 0n) + ns);
  }
  return null;
}

// Frames for loads we time ourselves (node_run.cjs uses these for the entry, CJS or ESM).
function begin() { const f = { t0: now(), children: new Map() }; stack.push(f); return f; }
function end(f, name) {
  stack.pop();
  const ns = now() - f.t0;
  const t = record(name, ns);
  if (t) for (const [k, v] of f.children) t.children.set(k, (t.children.get(k) || 0n) + v);
  return ns;
}

const origLoad = Module._load;
Module._load = function (request, parent, isMain) {
  if (isMain) return origLoad.apply(this, arguments); // the main script is not a frame
  const f = begin();
  try {
    return origLoad.apply(this, arguments);
  } finally {
    end(f, nameOf(request, parent));
  }
};

globalThis[Symbol.for('coldcost.hook')] = {
  begin, end,
  reset() { top.clear(); }, // node_run.cjs: forget its own requires before loading the entry
  setWall(us, isEsm, cpu) { wallUs = us; cpuUs = cpu || 0; esm = esm || !!isEsm; },
  esmModule(pkg) { esmModules[pkg] = (esmModules[pkg] || 0) + 1; },
};

if (process.env.COLDCOST_ESM_LOADER === '1' && typeof Module.register === 'function') {
  try {
    const { MessageChannel } = require('worker_threads');
    const { port1, port2 } = new MessageChannel();
    port1.on('message', (m) => { if (m && m.pkg) globalThis[Symbol.for('coldcost.hook')].esmModule(m.pkg); });
    port1.unref();
    Module.register(url.pathToFileURL(path.join(__dirname, 'node_esm_loader.mjs')).href,
      { data: { port: port2 }, transferList: [port2] });
  } catch (e) { /* optional: ignore */ }
}

const us = (ns) => Number(ns / 1000n);
process.on('exit', () => {
  try {
    const rows = [...top].map(([name, t]) => ({
      name,
      cumulative_us: us(t.ns),
      children: [...t.children].map(([n, v]) => ({ name: n, cumulative_us: us(v) }))
        .sort((a, b) => b.cumulative_us - a.cumulative_us),
    })).sort((a, b) => b.cumulative_us - a.cumulative_us);
    const out = {
      node: process.version,
      total_us: rows.reduce((s, r) => s + r.cumulative_us, 0),
      wall_us: wallUs,
      cpu_us: cpuUs,
      process_us: Math.round(process.uptime() * 1e6),
      esm,
      top_level: rows,
    };
    if (Object.keys(esmModules).length) out.esm_modules = esmModules;
    const line = JSON.stringify(out) + '\n';
    if (process.env.COLDCOST_TIMINGS_OUT) fs.writeFileSync(process.env.COLDCOST_TIMINGS_OUT, line);
    else process.stderr.write(line);
  } catch (e) {
    try { process.stderr.write('coldcost: hook failed to write timings: ' + e + '\n'); } catch (_) {}
  }
});
