/**
 * IP addresses and CIDR ranges (`@bacon/sdk/ip-ranges`, not part of the sandbox SDK): parsing, matching
 * and the allow/block decision the host's IP rules and the channels plugin's webhook allow-lists share.
 */
import ipaddr from 'ipaddr.js';

export type IpAddress = ipaddr.IPv4 | ipaddr.IPv6;
export interface Cidr {
  /** Normalised text, e.g. `10.0.0.0/8` or `2001:db8::/32`. */
  text: string;
  range: [IpAddress, number];
}

/** An IPv4-mapped IPv6 address (`::ffff:1.2.3.4`) is the IPv4 address it carries. */
export function parseIp(text: string): IpAddress | undefined {
  const clean = text
    .trim()
    .replace(/^\[|\]$/g, '')
    .replace(/%.*$/, '');
  if (!ipaddr.isValid(clean)) return undefined;
  const addr = ipaddr.parse(clean);
  if (addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress()) return (addr as ipaddr.IPv6).toIPv4Address();
  return addr;
}

/** Parses `a.b.c.d/n`, `v6/n` or a bare address (a /32 or /128). Undefined when malformed. */
export function parseCidr(text: string): Cidr | undefined {
  const t = text.trim();
  try {
    if (t.includes('/')) {
      const [addr, bits] = ipaddr.parseCIDR(t);
      const network = addr.kind() === 'ipv4' ? ipaddr.IPv4.networkAddressFromCIDR(t) : ipaddr.IPv6.networkAddressFromCIDR(t);
      const mapped = network.kind() === 'ipv6' && (network as ipaddr.IPv6).isIPv4MappedAddress() && bits >= 96;
      if (mapped) {
        const v4 = (network as ipaddr.IPv6).toIPv4Address();
        return { text: `${v4.toString()}/${bits - 96}`, range: [v4, bits - 96] };
      }
      return { text: `${network.toString()}/${bits}`, range: [network, bits] };
    }
  } catch {
    return undefined;
  }
  const addr = parseIp(t);
  if (!addr) return undefined;
  const bits = addr.kind() === 'ipv4' ? 32 : 128;
  return { text: `${addr.toString()}/${bits}`, range: [addr, bits] };
}

export function inCidr(ip: IpAddress, cidr: Cidr): boolean {
  if (ip.kind() !== cidr.range[0].kind()) return false;
  return (ip as ipaddr.IPv4).match(cidr.range as [ipaddr.IPv4, number]);
}

export interface IpRuleSet {
  allow: Cidr[];
  block: Cidr[];
}

export type IpDecision = { ok: true } | { ok: false; reason: 'blocked' | 'not_allowed'; rule?: string };

/** A blocking rule wins; with any allow rule, an address must match one of them. */
export function decideIp(ip: string, rules: IpRuleSet): IpDecision {
  if (!rules.allow.length && !rules.block.length) return { ok: true };
  const addr = parseIp(ip);
  if (!addr) return rules.allow.length ? { ok: false, reason: 'not_allowed' } : { ok: true };
  const blocked = rules.block.find((c) => inCidr(addr, c));
  if (blocked) return { ok: false, reason: 'blocked', rule: blocked.text };
  if (rules.allow.length && !rules.allow.some((c) => inCidr(addr, c))) return { ok: false, reason: 'not_allowed' };
  return { ok: true };
}
