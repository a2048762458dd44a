import { fileURLToPath } from 'node:url';
import { writeErrorDocs } from './error-catalogs.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const changed = await writeErrorDocs(root);
console.log(changed ? 'docs/api.md: error code table updated' : 'docs/api.md: error code table already up to date');
