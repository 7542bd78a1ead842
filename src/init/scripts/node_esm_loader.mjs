// coldcost: optional ESM loader (registered by node_import_hook.cjs when COLDCOST_ESM_LOADER=1,
// Node >= 20.6). Hooks run on a separate thread and only see resolve/load, never evaluation, so
// this does NOT time modules: it reports which package each loaded ESM/CJS URL belongs to, and
// the hook counts modules per package ("esm_modules"). Cross-thread hooks slow loading down:
// use it to explain an ESM entry's total, not to time it.
let port = null;
export async function initialize(data) { port = data && data.port; }
export async function load(url, context, nextLoad) {
  const result = await nextLoad(url, context);
  try {
    const m = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
    const pkg = url.startsWith('node:') ? url : m ? m[1] : url.startsWith('file:') ? '(local)' : url.slice(0, 40);
    if (port) port.postMessage({ pkg });
  } catch (e) { /* never break loading */ }
  return result;
}
