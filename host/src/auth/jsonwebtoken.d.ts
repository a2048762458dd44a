// jsonwebtoken ships no types and @types/jsonwebtoken is not installed: the subset the host uses.
declare module 'jsonwebtoken' {
  export interface JwtHeader {
    alg: string;
    typ?: string;
    kid?: string;
  }
  export interface SignOptions {
    algorithm?: string;
    keyid?: string;
    expiresIn?: number | string;
    audience?: string;
    issuer?: string;
    subject?: string;
    jwtid?: string;
    noTimestamp?: boolean;
    header?: Record<string, unknown>;
  }
  export interface VerifyOptions {
    algorithms?: string[];
    audience?: string | string[];
    issuer?: string | string[];
    complete?: boolean;
    clockTolerance?: number;
  }
  export function sign(payload: object, secret: string | Buffer | import('node:crypto').KeyObject, options?: SignOptions): string;
  export function verify(
    token: string,
    secret: string | Buffer | import('node:crypto').KeyObject,
    options?: VerifyOptions,
  ): Record<string, unknown>;
  export function decode(
    token: string,
    options?: { complete?: boolean; json?: boolean },
  ): null | { header: JwtHeader; payload: Record<string, unknown> } | Record<string, unknown>;
  const jwt: { sign: typeof sign; verify: typeof verify; decode: typeof decode };
  export default jwt;
}
