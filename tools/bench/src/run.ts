// `npm run bench [name...]`: runs the named benchmarks (all when none is named), one after another.
const all: Record<string, () => Promise<unknown>> = {
  startup: () => import('./startup.js'),
  differ: () => import('./differ.js'),
  copy: () => import('./copy.js'),
  lifecycle: () => import('./lifecycle.js'),
  edge: () => import('./edge.js'),
  vitess: () => import('./vitess.js'),
  helper: () => import('./helper.js'),
  httpdb: () => import('./httpdb.js'),
  load: () => import('./load.js'),
  'sharded-writes': () => import('./sharded-writes.js'),
  scatter: () => import('./scatter.js'),
  webhooks: () => import('./webhooks.js'),
};
const chosen = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(all);
for (const name of chosen) {
  const load = all[name];
  if (!load) {
    console.error(`unknown benchmark ${name}; known: ${Object.keys(all).join(', ')}`);
    process.exit(2);
  }
  await load();
}
