// `nx run codegen:check`: the spec is valid, operationIds are unique, every operation declares its
// access, and the committed generated files are exactly what the spec produces today. Exits non-zero
// with every problem listed.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadDocuments, workspaceRoot } from './documents.js';
import { accessProblems, operationIdProblems, validateWithRedocly } from './lint.js';
import { renderAll } from './render.js';

const docs = await loadDocuments();
const problems = [...(await validateWithRedocly()), ...operationIdProblems(docs), ...accessProblems(docs)]
  .map((p) => `${path.relative(workspaceRoot, p.file)}: ${p.message}`);
for (const f of await renderAll(docs)) {
  const committed = await readFile(f.path, 'utf8').catch(() => null);
  if (committed !== f.contents) problems.push(`${path.relative(workspaceRoot, f.path)} is stale: run \`npm run codegen\` and commit the result`);
}
if (problems.length) {
  console.error(problems.map((p) => `  - ${p}`).join('\n'));
  console.error(`codegen check: ${problems.length} problem(s)`);
  process.exit(1);
}
console.log('codegen check: spec valid, operationIds unique, every operation\'s access declared, generated files fresh');
