// HTTP for feeds: raw bytes only, never parsed here. One deadline covers redirects, headers
// and body; the size cap counts decoded bytes, so a gzip bomb stops at the cap.
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { parseRetryAfter } from './backoff.js';
import { FeedError } from './errors.js';
import { connectRefusal, describeProxyFailure, type OutboundProxy } from '../net/proxy.js';
import type { AddressGuard } from './ssrf.js';

export const USER_AGENT = 'secbrief/0.1 (self-hosted security news reader; +https://github.com/secbrief/secbrief)';
const ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5';

export interface FetchOptions {
  timeoutMs: number;
  maxBytes: number;
  maxRedirects?: number;
  etag?: string | null;
  lastModified?: string | null;
  /** SSRF guard for untrusted feeds, applied to every hop (redirects included). */
  guard?: AddressGuard;
  /** FEEDS_PROXY, unless the feed opted out (`proxy="off"`). */
  proxy?: OutboundProxy;
  /** Extra request headers (an API key, a JSON Accept). Never logged: errors name the URL only. */
  headers?: Readonly<Record<string, string>>;
}

/**
 * `movedTo`: where the chain's leading permanent redirects (301, 308) pointed, when it began with
 * one; a temporary redirect after them does not count (RFC 9110 §15.4: only those say "use this
 * URL from now on").
 */
export type FetchResult =
  | { kind: 'not_modified'; status: 304; finalUrl: string; movedTo?: string; cacheControl: string | null }
  | {
      kind: 'ok';
      status: number;
      finalUrl: string;
      movedTo?: string;
      cacheControl: string | null;
      body: Buffer;
      contentType: string | null;
      etag: string | null;
      lastModified: string | null;
    };

const CHALLENGE_MARKERS = new RegExp(
  'cf-chl|challenge-platform|just a moment|attention required|captcha|ddos-guard|incapsula|_waf|access denied|' +
    '请开启javascript|安全验证',
  'i',
);

export async function fetchFeed(url: string, opts: FetchOptions): Promise<FetchResult> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), opts.timeoutMs);
  try {
    return await followRedirects(url, opts, controller.signal);
  } catch (err) {
    if (controller.signal.aborted) throw new FeedError('timeout', `no complete answer within ${opts.timeoutMs} ms`);
    if (err instanceof FeedError) throw err;
    const atProxy = opts.proxy ? describeProxyFailure(err, opts.proxy) : null;
    throw atProxy ? new FeedError('proxy', atProxy) : networkError(err);
  } finally {
    clearTimeout(timer);
  }
}

async function followRedirects(url: string, opts: FetchOptions, signal: AbortSignal): Promise<FetchResult> {
  const maxRedirects = opts.maxRedirects ?? 5;
  let current = parseHttpUrl(url);
  const origin = current.origin;
  let movedTo: string | undefined;
  let permanentSoFar = true;
  for (let hop = 0; ; hop++) {
    opts.guard?.checkHost(current.hostname);
    // An API key goes to the host it is for, never to where a redirect points.
    const res = await request(current, current.origin === origin ? opts : { ...opts, headers: undefined }, signal);
    const status = res.statusCode ?? 0;
    const location = res.headers.location;
    if (status >= 300 && status < 400 && status !== 304 && location) {
      res.destroy();
      if (hop >= maxRedirects)
        throw new FeedError('redirects', `more than ${maxRedirects} redirects (last: ${current.href})`);
      current = parseHttpUrl(new URL(location, current).href);
      permanentSoFar &&= status === 301 || status === 308;
      if (permanentSoFar) movedTo = current.href;
      continue;
    }
    if (status === 304) {
      res.destroy();
      return {
        kind: 'not_modified',
        status: 304,
        finalUrl: current.href,
        movedTo,
        cacheControl: header(res, 'cache-control'),
      };
    }
    if (status < 200 || status >= 300) throw await httpError(res, status, opts.maxBytes);
    const body = await readBody(res, opts.maxBytes, signal);
    return {
      kind: 'ok',
      status,
      finalUrl: current.href,
      movedTo,
      cacheControl: header(res, 'cache-control'),
      body,
      contentType: header(res, 'content-type'),
      etag: header(res, 'etag'),
      lastModified: header(res, 'last-modified'),
    };
  }
}

function parseHttpUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new FeedError('refused', `not a valid URL: ${raw.slice(0, 200)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new FeedError('refused', `only http(s) URLs are fetched (got ${url.protocol})`);
  return url;
}

function header(res: IncomingMessage, name: string): string | null {
  const v = res.headers[name];
  return (Array.isArray(v) ? v[0] : v) ?? null;
}

async function request(url: URL, opts: FetchOptions, signal: AbortSignal): Promise<IncomingMessage> {
  const headers: Record<string, string> = {
    'user-agent': USER_AGENT,
    accept: ACCEPT,
    'accept-encoding': 'gzip, deflate, br',
    ...opts.headers,
  };
  if (opts.etag) headers['if-none-match'] = opts.etag;
  if (opts.lastModified) headers['if-modified-since'] = opts.lastModified;
  const target = await connectTarget(url, opts);
  const lib = url.protocol === 'https:' ? https : http;
  const options = { method: 'GET', headers: { host: url.host, ...headers }, signal, ...target };
  return new Promise((resolve, reject) => {
    const req = lib.request(url, options, resolve);
    req.on('error', reject);
    // https-proxy-agent hands a refused CONNECT back as if the site had answered it: catch it here,
    // or a proxy's 407 would read as the feed's.
    req.on('proxyConnect', (res: { statusCode: number; statusText?: string }) => {
      if (res.statusCode === 200 || !opts.proxy) return;
      reject(new FeedError('proxy', connectRefusal(opts.proxy.label, res.statusCode, res.statusText)));
      req.destroy();
    });
    req.end();
  });
}

/**
 * Direct: a fresh socket per fetch (no agent), through the guard's lookup. Through a proxy the guard
 * resolves and checks the name first and the tunnel is asked for that address, with the name kept
 * for TLS (SNI, certificate check) and the Host header.
 */
async function connectTarget(url: URL, opts: FetchOptions): Promise<http.RequestOptions & { servername?: string }> {
  if (!opts.proxy) return { agent: false, lookup: opts.guard?.lookup };
  if (!opts.guard) return { agent: opts.proxy.agent };
  const address = await opts.guard.resolve(url.hostname);
  const name = url.hostname.replace(/^\[|\]$/g, '');
  return { agent: opts.proxy.agent, hostname: address, ...(isIP(name) ? {} : { servername: name }) };
}

function decoderFor(res: IncomingMessage): Readable {
  const encoding = (header(res, 'content-encoding') ?? '').trim().toLowerCase();
  if (encoding === 'gzip' || encoding === 'x-gzip') return res.pipe(zlib.createGunzip());
  if (encoding === 'deflate') return res.pipe(zlib.createUnzip());
  if (encoding === 'br') return res.pipe(zlib.createBrotliDecompress());
  return res;
}

/** Reads the decoded body, failing as soon as it passes `maxBytes`. */
async function readBody(res: IncomingMessage, maxBytes: number, signal: AbortSignal): Promise<Buffer> {
  const declared = Number(header(res, 'content-length'));
  const plain = !header(res, 'content-encoding');
  if (plain && declared > maxBytes) {
    res.destroy();
    throw new FeedError('too_large', `body is ${declared} bytes, over the ${maxBytes}-byte limit`);
  }
  const stream = decoderFor(res);
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      size += (chunk as Buffer).length;
      if (size > maxBytes) throw new FeedError('too_large', `body passed the ${maxBytes}-byte limit (decoded)`);
      chunks.push(chunk as Buffer);
    }
  } catch (err) {
    if (signal.aborted || err instanceof FeedError) throw err;
    throw new FeedError('network', `body could not be read or decompressed (${(err as Error).message})`);
  } finally {
    res.destroy();
    if (stream !== res) stream.destroy();
  }
  return Buffer.concat(chunks);
}

async function httpError(res: IncomingMessage, status: number, maxBytes: number): Promise<FeedError> {
  let snippet = '';
  try {
    snippet = (await readBody(res, Math.min(maxBytes, 65_536), new AbortController().signal)).toString('latin1');
  } catch {
    // the status alone still explains the failure
  }
  // The network edge's clock, only when the server sent no Date header to measure an HTTP date from.
  const retryAfterSec = parseRetryAfter(header(res, 'retry-after'), header(res, 'date'), Date.now());
  // FreeBuf answers a WAF check with 405 + HTML; Cloudflare uses 403/503 with a challenge page.
  const challenge = CHALLENGE_MARKERS.test(snippet);
  const htmlPage = /<html|<!doctype html/i.test(snippet.slice(0, 4096));
  if (challenge && [403, 405, 429, 503].includes(status)) {
    return new FeedError('blocked', `WAF challenge page (HTTP ${status})`, status, retryAfterSec);
  }
  if (htmlPage && (status === 403 || status === 405)) {
    return new FeedError('blocked', `HTML page with HTTP ${status} (likely a WAF or bot check)`, status, retryAfterSec);
  }
  return new FeedError(
    'http',
    `HTTP ${status}${res.statusMessage ? ` ${res.statusMessage}` : ''}`,
    status,
    retryAfterSec,
  );
}

function networkError(err: unknown): FeedError {
  const e = err as NodeJS.ErrnoException;
  if (e instanceof FeedError) return e;
  const code = e?.code ? `${e.code}: ` : '';
  return new FeedError('network', `${code}${e?.message ?? String(err)}`.slice(0, 300));
}
