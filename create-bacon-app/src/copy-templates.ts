// `prepack`: bring the repository's stack and widget examples into templates/ (see templates.ts).
import { copyTemplates } from './templates.js';

process.stdout.write(`create-bacon-app: copied ${await copyTemplates()} templates\n`);
