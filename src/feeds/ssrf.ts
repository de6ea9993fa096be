// SSRF guard for feeds added by chat admins: only public addresses may be fetched. The check
// runs on the *resolved* address of every connection, so it holds after each redirect and
// against DNS names that point inward. Feeds from FEEDS_FILE and the CLI are trusted and skip it.
import dns from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { FeedError } from './errors.js';

const blocked = new BlockList();
// IPv4: "this network", private, CGNAT, loopback, link-local (cloud metadata 169.254.169.254),
// IETF protocol assignments, documentation nets, benchmarking, multicast, reserved, broadcast.
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  blocked.addSubnet(net, prefix, 'ipv4');
// IPv6: unspecified, loopback, discard, documentation, unique-local (incl. AWS fd00:ec2::254),
// link-local, site-local, multicast.
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const)
  blocked.addSubnet(net, prefix, 'ipv6');

/** IPv4 embedded in IPv4-mapped (::ffff:a.b.c.d), NAT64 (64:ff9b::/96) or 6to4 forms. */
function embeddedIpv4(ip: string): string | null {
  const lower = ip.toLowerCase();
  const dotted = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1]!;
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (!hex) return null;
  const hi = parseInt(hex[1]!, 16);
  const lo = parseInt(hex[2]!, 16);
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

export function isPublicAddress(ip: string): boolean {
  const family = isIP(ip);
  if (family === 4) return !blocked.check(ip, 'ipv4');
  if (family !== 6) return false;
  const v4 = embeddedIpv4(ip);
  if (v4) return isPublicAddress(v4);
  return !blocked.check(ip, 'ipv6');
}

export type Resolver = (hostname: string) => Promise<Array<{ address: string; family: number }>>;

const systemResolver: Resolver = (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true });

export interface AddressGuard {
  /** For literal IP hosts, which never reach `lookup`: the bare IP, or null for a name. Throws FeedError('refused'). */
  checkHost(hostname: string): string | null;
  lookup: LookupFunction;
  /**
   * Resolves and checks a name, and returns the address to connect to. Through a proxy nothing
   * reaches `lookup`, so the request goes to this checked address instead of a name the proxy
   * would resolve again (and could resolve inward).
   */
  resolve(hostname: string): Promise<string>;
}

function refuse(host: string, address: string): FeedError {
  return new FeedError('refused', `${host} resolves to ${address}, which is not a public address (SSRF guard)`);
}

/** `isAllowed` is injectable so tests can treat their loopback server as "public". */
export function createAddressGuard(
  resolver: Resolver = systemResolver,
  isAllowed: (ip: string) => boolean = isPublicAddress,
): AddressGuard {
  const checkHost = (hostname: string) => {
    const bare = hostname.replace(/^\[|\]$/g, '');
    if (!isIP(bare)) return null;
    if (!isAllowed(bare)) throw refuse(hostname, bare);
    return bare;
  };
  const checkedAddresses = async (hostname: string) => {
    const addresses = await resolver(hostname);
    const bad = addresses.find((a) => !isAllowed(a.address));
    if (bad) throw refuse(hostname, bad.address);
    if (!addresses.length) throw Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' });
    return addresses;
  };
  return {
    checkHost,
    resolve: async (hostname) => checkHost(hostname) ?? (await checkedAddresses(hostname))[0]!.address,
    lookup: ((hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
      checkedAddresses(hostname).then(
        (addresses) => {
          if (options?.all) return callback(null, addresses);
          callback(null, addresses[0]!.address, addresses[0]!.family);
        },
        (err: unknown) => callback(err),
      );
    }) as LookupFunction,
  };
}
