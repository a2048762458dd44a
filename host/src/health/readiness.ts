/** The outcome of one readiness check. `required: false` checks report but never fail /readyz. */
export interface CheckResult {
  ok: boolean;
  detail?: string;
  [extra: string]: unknown;
}

export type ReadinessCheck = () => Promise<CheckResult>;

/** Named readiness checks that `/readyz` runs in parallel, each under a timeout. */
export class Readiness {
  private readonly checks = new Map<string, { check: ReadinessCheck; required: boolean }>();

  add(name: string, check: ReadinessCheck, opts: { required?: boolean } = {}): void {
    this.checks.set(name, { check, required: opts.required ?? true });
  }

  remove(name: string): void {
    this.checks.delete(name);
  }

  async run(timeoutMs = 2000): Promise<{ ok: boolean; checks: Record<string, CheckResult & { required: boolean }> }> {
    const entries = [...this.checks.entries()];
    const results = await Promise.all(
      entries.map(async ([name, { check, required }]) => {
        let res: CheckResult;
        try {
          res = await timeout(check(), timeoutMs);
        } catch (err) {
          res = { ok: false, detail: (err as Error).message };
        }
        return [name, { ...res, required }] as const;
      }),
    );
    const checks = Object.fromEntries(results);
    return { ok: results.every(([, r]) => r.ok || !r.required), checks };
  }
}

function timeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`check timed out after ${ms} ms`)), ms);
    p.then(
      (v) => (clearTimeout(t), resolve(v)),
      (e) => (clearTimeout(t), reject(e)),
    );
  });
}
