'use strict';
// coldcost: load ENTRY (a file path or a package name, resolved from cwd) and exit, so that the
// preloaded node_import_hook.cjs measures loading only (no server is left running, no handler
// is called).
//
// Usage: node --require /path/node_import_hook.cjs /path/node_run.cjs ENTRY
// ENTRY is resolved from $COLDCOST_PACKAGE_DIR when set (coldcost runs node in an empty scratch
// directory and names the package directory there), else from the working directory.
// CommonJS entries are require()d (the hook times them as a normal frame). ESM entries (.mjs, or
// .js under a package.json with "type": "module", or a package whose "exports" has no
// require-able target) are loaded with `await import()`, timed here as one top-level frame.
// Exit codes: 0 ok; 2 usage; 3 entry not found (one line on stderr); 4 the load threw.
const path = require('path');
const fs = require('fs');
const { pathToFileURL } = require('url');
const Module = require('module');

const hook = globalThis[Symbol.for('coldcost.hook')];
const entry = process.argv[2];
const cwd = process.env.COLDCOST_PACKAGE_DIR ? path.resolve(process.env.COLDCOST_PACKAGE_DIR) : process.cwd();
const fail = (code, msg) => { process.stderr.write('coldcost: ' + String(msg).split('\n')[0] + '\n'); process.exit(code); };
if (!entry) fail(2, 'usage: node --require node_import_hook.cjs node_run.cjs ENTRY');

// A name ending in .js is a file only when such a file exists: bignumber.js and decimal.js are packages.
const isPath = entry.startsWith('.') || path.isAbsolute(entry) ||
  (/\.[cm]?js$/.test(entry) && fs.existsSync(path.resolve(cwd, entry)));
const req = Module.createRequire(path.join(cwd, 'noop.js')); // resolves like a file in cwd

// Nearest package.json "type" for a file.
function pkgType(file) {
  for (let d = path.dirname(file); ; d = path.dirname(d)) {
    try { return JSON.parse(fs.readFileSync(path.join(d, 'package.json'), 'utf8')).type || 'commonjs'; } catch (e) { /* keep looking */ }
    if (path.dirname(d) === d) return 'commonjs';
  }
}

// ESM-only package (require.resolve failed): find its import target from package.json by hand.
function resolveEsmPackage(spec) {
  const parts = spec.split('/');
  const n = spec.startsWith('@') ? 2 : 1;
  const name = parts.slice(0, n).join('/');
  const sub = parts.length > n ? './' + parts.slice(n).join('/') : '.';
  for (let d = cwd; ; d = path.dirname(d)) {
    const dir = path.join(d, 'node_modules', name);
    let pj = null;
    try { pj = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')); } catch (e) { /* next */ }
    if (pj) {
      const pick = (x) => typeof x === 'string' ? x : Array.isArray(x) ? pick(x[0])
        : x && typeof x === 'object' ? pick(x.node || x.import || x.default) : null;
      let ex = pj.exports;
      if (ex && typeof ex === 'object' && !Array.isArray(ex) && Object.keys(ex).some((k) => k.startsWith('.'))) ex = ex[sub];
      else if (sub !== '.') ex = null;
      const target = pick(ex) || (sub === '.' ? pj.module || pj.main || 'index.js' : sub);
      return path.resolve(dir, target);
    }
    if (path.dirname(d) === d) return null;
  }
}

(async () => {
  let file = null;
  try {
    file = req.resolve(isPath ? path.resolve(cwd, entry) : entry);
  } catch (e) {
    if (e && e.code === 'MODULE_NOT_FOUND') fail(3, 'module not found: ' + entry + ' (from ' + cwd + ')');
    if (!isPath) file = resolveEsmPackage(entry); // e.g. ERR_PACKAGE_PATH_NOT_EXPORTED
    if (!file || !fs.existsSync(file)) fail(3, 'cannot resolve ' + entry + ': ' + (e && e.message));
    file = '!esm:' + file;
  }
  const forceEsm = file.startsWith('!esm:');
  if (forceEsm) file = file.slice(5);
  const esm = forceEsm || file.endsWith('.mjs') || (file.endsWith('.js') && pkgType(file) === 'module');
  if (hook) hook.reset();
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  try {
    if (esm) {
      const f = hook && hook.begin();
      try { await import(pathToFileURL(file).href); } finally {
        if (f) hook.end(f, isPath ? path.relative(cwd, file) || file : entry);
      }
    } else {
      req(file);
    }
  } catch (e) {
    fail(4, 'loading ' + entry + ' failed: ' + (e && e.stack ? e.stack : e));
  }
  const wallUs = Number((process.hrtime.bigint() - t0) / 1000n);
  const cpu = process.cpuUsage(c0); // user + system µs of every thread of the process
  if (hook) hook.setWall(wallUs, esm, cpu.user + cpu.system);
  process.exit(0); // do not wait for servers/timers the module may have started
})();
