import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * Where a webhook may not be sent (SSRF): loopback, private, carrier-grade NAT, link-local (which
 * holds the cloud metadata address 169.254.169.254), unspecified, multicast and reserved ranges, in
 * IPv4 and IPv6 (IPv4-mapped IPv6 addresses are checked as their IPv4 address).
 */
const BLOCKED = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  BLOCKED.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['64:ff9b::', 96],
] as const) {
  BLOCKED.addSubnet(net, prefix, 'ipv6');
}

/** Networks an operator allows despite the above, as `a.b.c.d`, `a.b.c.d/n` or IPv6 equivalents. */
export function allowList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = '', prefix] = entry.split('/');
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (isIP(address) === 0) throw new Error(`Not an IP address or network: ${entry}`);
    if (prefix === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(prefix), family);
  }
  return list;
}

const familyOf = (address: string) => (isIP(address) === 6 ? 'ipv6' : 'ipv4');

function unmapped(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped?.[1] ?? address;
}

export function isBlockedAddress(address: string, allowed: BlockList): boolean {
  const plain = unmapped(address);
  const family = familyOf(plain);
  return BLOCKED.check(plain, family) && !allowed.check(plain, family);
}

/** The destination resolves to an address webhooks may not reach (as opposed to not resolving at all). */
export class AddressRefusedError extends Error {
  constructor(
    readonly host: string,
    readonly address: string,
  ) {
    super(`${host} resolves to a non-public address (${address})`);
    this.name = 'AddressRefusedError';
  }
}

/**
 * Resolves `host` and returns its addresses when every one of them may be reached; throws otherwise.
 * Every address must pass, so a name resolving to a public and a private address is refused. The
 * sender connects to the address returned here (not a second lookup), so DNS rebinding between check
 * and connect cannot redirect it.
 */
export async function resolvePublicAddresses(host: string, allowed: BlockList): Promise<string[]> {
  const bare = host.replace(/^\[|\]$/g, '');
  const addresses =
    isIP(bare) !== 0 ? [bare] : (await lookup(bare, { all: true, verbatim: true })).map((a) => a.address);
  if (addresses.length === 0) throw new Error(`${host} does not resolve`);
  const refused = addresses.find((address) => isBlockedAddress(address, allowed));
  if (refused !== undefined) throw new AddressRefusedError(host, refused);
  return addresses;
}
