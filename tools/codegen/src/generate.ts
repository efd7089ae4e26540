// `npm run codegen`: regenerate every file derived from openapi/.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadDocuments, workspaceRoot } from './documents.js';
import { renderAll } from './render.js';

const files = await renderAll(await loadDocuments());
for (const f of files) {
  await mkdir(path.dirname(f.path), { recursive: true });
  await writeFile(f.path, f.contents);
  console.log(`wrote ${path.relative(workspaceRoot, f.path)}`);
}
