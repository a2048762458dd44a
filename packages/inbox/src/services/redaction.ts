import type { RedactionContext, RedactionHook } from '@bacon/inbox-contract';

export interface Redaction {
  /** Adds a hook (run in registration order); returns a function that removes it. */
  register(hook: RedactionHook): () => void;
  apply(text: string, ctx: RedactionContext): Promise<string>;
}

/** The PII redaction hook point that ingestion and export call; the compliance plugin fills it. */
export function createRedaction(): Redaction {
  const hooks: RedactionHook[] = [];
  return {
    register(hook) {
      hooks.push(hook);
      return () => {
        const i = hooks.indexOf(hook);
        if (i >= 0) hooks.splice(i, 1);
      };
    },
    async apply(text, ctx) {
      let out = text;
      for (const hook of hooks) out = await hook(out, ctx);
      return out;
    },
  };
}
