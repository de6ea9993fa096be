// Outbound proxies (issue 13): TELEGRAM_PROXY for the Bot API, FEEDS_PROXY for feeds and CVE data.
// Both take http://, https:// or socks5:// URLs, with credentials in the URL. The agents are the
// maintained ones from TooTallNate/proxy-agents; this module only parses, labels and explains.
// Credentials never leave it: everything else sees `label`, which is scheme://host:port.
import type { Agent } from 'node:http';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { SocksProxyAgent } from 'socks-proxy-agent';

/** A proxy URL that cannot be used; the message never repeats the URL (it may hold a password). */
export class ProxyUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProxyUrlError';
  }
}

export interface OutboundProxy {
  /** scheme://host:port — the only form of the proxy that goes into logs, errors and /feedstatus. */
  readonly label: string;
  /** One agent for http: and https: targets alike: both travel in a CONNECT or SOCKS tunnel. */
  readonly agent: Agent;
  /**
   * The proxy's own refusal of the last tunnel (a CONNECT answered 407, 403, 502 …); null once one
   * works. Agent-wide, so for the Bot API's one link only: a feed fetch reads its own request's answer.
   */
  lastRefusal(): string | null;
}

const SCHEMES = new Set(['http:', 'https:', 'socks5:', 'socks5h:']);

export function parseProxyUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new ProxyUrlError('is not a URL (expected e.g. http://127.0.0.1:7890 or socks5://127.0.0.1:1080)');
  }
  if (!SCHEMES.has(url.protocol))
    throw new ProxyUrlError(`must start with http://, https:// or socks5:// (got ${url.protocol})`);
  if (!url.hostname) throw new ProxyUrlError('has no host');
  if ((url.pathname && url.pathname !== '/') || url.search || url.hash)
    throw new ProxyUrlError('must be scheme://[user:password@]host:port with nothing after the port');
  return url;
}

export function proxyLabel(url: URL): string {
  const port = url.port || defaultPort(url.protocol);
  return `${url.protocol}//${url.hostname}:${port}`;
}

function defaultPort(protocol: string): string {
  if (protocol === 'http:') return '80';
  if (protocol === 'https:') return '443';
  return '1080';
}

/**
 * `keepAlive` for the Bot API (one long-lived tunnel for polling and sends); feeds open one per fetch.
 * socks5:// resolves names at the proxy, as socks5h:// does: behind the firewall the local resolver
 * answers api.telegram.org with a poisoned address, and the proxy is there precisely to go around it.
 * Untrusted feeds still never reach a private address: fetch.ts resolves and checks the name itself
 * and asks the proxy for the checked address.
 */
export function createOutboundProxy(raw: string, opts: { keepAlive?: boolean } = {}): OutboundProxy {
  const url = parseProxyUrl(raw);
  const label = proxyLabel(url);
  let refusal: string | null = null;
  if (url.protocol === 'socks5:' || url.protocol === 'socks5h:') {
    const socks = new URL(url.href.replace(/^socks5:/, 'socks5h:'));
    const agent = new SocksProxyAgent(socks, { keepAlive: opts.keepAlive ?? false });
    return { label, agent, lastRefusal: () => null };
  }
  const agent = new HttpsProxyAgent(url, { keepAlive: opts.keepAlive ?? false });
  agent.on('proxyConnect', (res: { statusCode: number; statusText?: string }) => {
    refusal = res.statusCode === 200 ? null : connectRefusal(label, res.statusCode, res.statusText);
  });
  return { label, agent, lastRefusal: () => refusal };
}

/** The credentials of a proxy URL in each form a line may hold them, for the log redactor. */
export function proxyCredentials(raw: string): string[] {
  const url = parseProxyUrl(raw);
  if (!url.username && !url.password) return [];
  const user = decodeURIComponent(url.username);
  const pass = decodeURIComponent(url.password);
  return [`${url.username}:${url.password}`, `${user}:${pass}`, pass].filter((s) => s.length > 0);
}

export function connectRefusal(label: string, status: number, statusText?: string): string {
  const why = status === 407 ? ' (wrong or missing proxy credentials)' : '';
  return `proxy ${label} refused the tunnel: HTTP ${status}${statusText ? ` ${statusText}` : ''}${why}`;
}

const PROXY_DOWN_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * A sentence for a failure that happened at the proxy, or null when it came from further away.
 * Through a proxy every socket goes to the proxy, so a refused or unreachable connection means the
 * proxy is down; a SOCKS error names what the proxy said. (A refused CONNECT is not an error here:
 * https-proxy-agent hands it back as a response, which the caller reads.)
 */
export function describeProxyFailure(err: unknown, proxy: Pick<OutboundProxy, 'label'>): string | null {
  const e = err as NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException };
  const code = e?.code ?? e?.cause?.code ?? /\b(E[A-Z]{4,})\b/.exec(e?.message ?? '')?.[1];
  if (code && PROXY_DOWN_CODES.has(code)) return `proxy ${proxy.label} is unreachable (${code})`;
  // The socks package's errors: "Socks5 proxy rejected connection - ConnectionRefused", "Socks5 Authentication failed".
  if (/socks|proxy connection timed out/i.test(e?.message ?? ''))
    return `proxy ${proxy.label}: ${e.message.slice(0, 160)}`;
  return null;
}
