import { copyFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** This package's folder (holds `templates/`), from src/ or dist/ alike. */
const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));
const TEMPLATES = path.join(PACKAGE_DIR, 'templates');
/** The repository root, when running from a checkout (the copied templates are not there yet). */
const REPO = path.resolve(PACKAGE_DIR, '..');

/**
 * Templates kept once in the repository (the stack and the widget examples), copied into
 * `templates/` when the package is packed (`prepack`), so a scaffolded app gets exactly them.
 */
export const COPIED_TEMPLATES: Record<string, string> = {
  'stack/docker-compose.yml': 'docker-compose.yml',
  'stack/env.example': '.env.example',
  'examples/react/bacon-widget.tsx': 'examples/react-widget/src/bacon-widget.tsx',
  'examples/react/app.tsx': 'examples/react-widget/src/app.tsx',
  'examples/react/main.tsx': 'examples/react-widget/src/main.tsx',
  'examples/react/index.html': 'examples/react-widget/index.html',
  'examples/nextjs/bacon-chat.tsx': 'examples/nextjs-widget/app/bacon-chat.tsx',
  'examples/nextjs/layout.tsx': 'examples/nextjs-widget/app/layout.tsx',
  'examples/nextjs/page.tsx': 'examples/nextjs-widget/app/page.tsx',
  'examples/nextjs/env.local.example': 'examples/nextjs-widget/.env.local.example',
};

/** A template's text: from `templates/`, else (in a checkout) from its place in the repository. */
export async function readTemplate(rel: string): Promise<string> {
  try {
    return await readFile(path.join(TEMPLATES, rel), 'utf8');
  } catch (err) {
    const source = COPIED_TEMPLATES[rel];
    if (!source || (err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    return readFile(path.join(REPO, source), 'utf8');
  }
}

/** `prepack`: copies the repository's templates into `templates/`. */
export async function copyTemplates(): Promise<number> {
  for (const [rel, source] of Object.entries(COPIED_TEMPLATES)) {
    await mkdir(path.dirname(path.join(TEMPLATES, rel)), { recursive: true });
    await copyFile(path.join(REPO, source), path.join(TEMPLATES, rel));
  }
  return Object.keys(COPIED_TEMPLATES).length;
}

/** Fills `{{name}}` placeholders; an unknown one throws (a template and its caller disagree). */
export function render(text: string, values: Record<string, string>): string {
  return text.replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
    if (!(key in values)) throw new Error(`template placeholder {{${key}}} has no value`);
    return values[key] as string;
  });
}
