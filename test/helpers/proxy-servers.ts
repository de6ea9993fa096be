// In-process HTTP CONNECT and SOCKS5 proxies on 127.0.0.1, for tests of clients that tunnel.
// Both refuse every target that is not loopback before connecting to anything, so a test cannot
// reach the network even when the client under test is wrong about where it is going.
import dns from 'node:dns';
import { once } from 'node:events';
import http from 'node:http';
import net from 'node:net';
import { pipeline } from 'node:stream';

export interface ProxyAuth {
  user: string;
  pass: string;
}

export interface TestProxy {
  /** e.g. "http://127.0.0.1:41234" or "socks5://alice:s3cret@127.0.0.1:41235" (credentials URL-encoded). */
  url: string;
  port: number;
  /** Every tunnel request seen, in order, as "host:port" as the client asked (IPv6 without brackets). */
  requested: string[];
  /** Only the targets actually tunnelled (connected to). */
  tunnelled: string[];
  /** Number of requests rejected for bad/missing credentials. */
  authFailures: number;
  /** Closes the server and destroys every open socket, both sides of tunnels. */
  close(): Promise<void>;
}

interface State {
  requested: string[];
  tunnelled: string[];
  authFailures: number;
  sockets: Set<net.Socket>;
}

const LOOPBACK = new net.BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  const family = net.isIP(host);
  if (family === 0) return false;
  try {
    return LOOPBACK.check(host, family === 4 ? 'ipv4' : 'ipv6');
  } catch {
    return false; // e.g. a zone id BlockList cannot parse: not something a test should tunnel to
  }
}

// 'localhost' goes through the resolver, and a hosts file could point it anywhere; dropping answers
// that are not loopback keeps the guarantee even then.
const loopbackLookup: net.LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
    const safe = (addresses ?? []).filter((a) => isLoopback(a.address));
    const first = safe[0];
    if (err || !first) {
      const refusal = Object.assign(new Error(`${hostname} does not resolve to loopback`), { code: 'ENOTFOUND' });
      callback(err ?? refusal, '');
    } else if (options.all) callback(null, safe);
    else callback(null, first.address, first.family);
  });
};

function newState(): State {
  return { requested: [], tunnelled: [], authFailures: 0, sockets: new Set() };
}

function track(state: State, socket: net.Socket): net.Socket {
  state.sockets.add(socket);
  socket.on('close', () => state.sockets.delete(socket));
  return socket;
}

/** Connects to a loopback target; the socket is tracked so close() can tear it down. */
function dial(state: State, host: string, port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    let connected = false;
    const upstream = track(state, net.connect({ host, port, allowHalfOpen: true, lookup: loopbackLookup }));
    // Stays attached after connecting: later errors surface as 'close', which splice() handles.
    upstream.on('error', (err) => connected || reject(err));
    upstream.once('connect', () => {
      connected = true;
      resolve(upstream);
    });
  });
}

// pipeline() ends the far side when one side ends cleanly (half-close keeps working) and destroys
// both when either errors or vanishes, so no half-dead tunnel outlives its peer.
function splice(a: net.Socket, b: net.Socket): void {
  pipeline(a, b, () => {});
  pipeline(b, a, () => {});
}

async function serve(server: net.Server, state: State, scheme: string, auth?: ProxyAuth): Promise<TestProxy> {
  server.on('connection', (socket: net.Socket) => track(state, socket));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  const userinfo = auth ? `${encodeURIComponent(auth.user)}:${encodeURIComponent(auth.pass)}@` : '';
  return {
    url: `${scheme}://${userinfo}127.0.0.1:${port}`,
    port,
    requested: state.requested,
    tunnelled: state.tunnelled,
    get authFailures() {
      return state.authFailures;
    },
    close() {
      for (const socket of state.sockets) socket.destroy();
      // The callback gets an error when already closed; closing twice is not worth failing a test over.
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

// ---------------------------------------------------------------------------------------------
// HTTP CONNECT

export async function startConnectProxy(opts: { auth?: ProxyAuth } = {}): Promise<TestProxy> {
  const state = newState();
  const server = http.createServer((_req, res) => {
    // The clients under test always tunnel; a request in absolute form means one of them did not.
    res.writeHead(405, { allow: 'CONNECT', connection: 'close' }).end();
  });
  server.on('connect', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
    // http.Server drops its own error listener once it hands the socket over.
    socket.on('error', () => socket.destroy());
    void handleConnect(state, opts.auth, req, socket, head);
  });
  return serve(server, state, 'http', opts.auth);
}

async function handleConnect(
  state: State,
  auth: ProxyAuth | undefined,
  req: http.IncomingMessage,
  socket: net.Socket,
  head: Buffer,
): Promise<void> {
  const target = parseAuthority(req.url ?? '');
  const name = target ? `${target.host}:${target.port}` : (req.url ?? '');
  state.requested.push(name);
  if (auth && !basicMatches(req.headers['proxy-authorization'], auth)) {
    state.authFailures++;
    socket.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\n\r\n');
    return;
  }
  if (!target) return void socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
  if (!isLoopback(target.host)) return void socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
  let upstream: net.Socket;
  try {
    upstream = await dial(state, target.host, target.port);
  } catch {
    return void socket.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
  }
  state.tunnelled.push(name);
  socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
  if (head.length > 0) upstream.write(head);
  splice(socket, upstream);
}

/** CONNECT targets are authority-form: "host:port", IPv6 literals in brackets. */
function parseAuthority(authority: string): { host: string; port: number } | null {
  const match = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(authority);
  const host = match?.[1] ?? match?.[2];
  const port = Number(match?.[3]);
  return host !== undefined && port >= 1 && port <= 65535 ? { host, port } : null;
}

// Compared in encoded form on purpose: Node's base64 decoder skips junk, and a client that sends a
// malformed header should fail here rather than against a stricter real proxy.
function basicMatches(header: string | undefined, auth: ProxyAuth): boolean {
  const token = /^Basic +(\S+)$/i.exec(header ?? '')?.[1];
  return token === Buffer.from(`${auth.user}:${auth.pass}`, 'utf8').toString('base64');
}

// ---------------------------------------------------------------------------------------------
// SOCKS5 (RFC 1928) with username/password authentication (RFC 1929)

const METHOD_NONE = 0x00;
const METHOD_USERPASS = 0x02;
const NO_ACCEPTABLE_METHOD = 0xff;
const CMD_CONNECT = 0x01;
const REP = { ok: 0x00, notAllowed: 0x02, refused: 0x05, badCommand: 0x07, badAddressType: 0x08 };

export async function startSocks5Proxy(opts: { auth?: ProxyAuth } = {}): Promise<TestProxy> {
  const state = newState();
  const server = net.createServer({ allowHalfOpen: true }, (socket) => {
    socket.on('error', () => socket.destroy());
    // A malformed handshake or a client leaving halfway: nothing to answer, just drop it.
    socksSession(state, opts.auth, socket, new ByteReader(socket)).catch(() => socket.destroy());
  });
  return serve(server, state, 'socks5', opts.auth);
}

async function socksSession(state: State, auth: ProxyAuth | undefined, socket: net.Socket, reader: ByteReader) {
  if (!(await negotiate(state, auth, socket, reader))) return;
  const [version, command, , addressType] = await reader.read(4);
  if (version !== 5) throw new Error('not a SOCKS5 request');
  const host = await readAddress(reader, addressType);
  if (host === null) return refuse(socket, REP.badAddressType); // its length is unknown, so the port is too
  const port = (await reader.read(2)).readUInt16BE(0);
  if (command !== CMD_CONNECT) return refuse(socket, REP.badCommand);
  const name = `${host}:${port}`;
  state.requested.push(name);
  if (!isLoopback(host)) return refuse(socket, REP.notAllowed);
  let upstream: net.Socket;
  try {
    upstream = await dial(state, host, port);
  } catch {
    return refuse(socket, REP.refused);
  }
  state.tunnelled.push(name);
  socket.write(socksReply(REP.ok, upstream));
  const early = reader.detach();
  if (early.length > 0) upstream.write(early);
  splice(socket, upstream);
}

/** Method selection and, when auth is set, the RFC 1929 sub-negotiation. False when refused. */
async function negotiate(state: State, auth: ProxyAuth | undefined, socket: net.Socket, reader: ByteReader) {
  const [version, count = 0] = await reader.read(2);
  if (version !== 5) throw new Error('not a SOCKS5 greeting');
  const methods = await reader.read(count);
  const method = auth ? METHOD_USERPASS : METHOD_NONE;
  if (!methods.includes(method)) {
    socket.end(Buffer.from([5, NO_ACCEPTABLE_METHOD]));
    return false;
  }
  socket.write(Buffer.from([5, method]));
  if (!auth) return true;
  if ((await reader.byte()) !== 1) throw new Error('not an RFC 1929 sub-negotiation');
  const user = await reader.read(await reader.byte());
  const pass = await reader.read(await reader.byte());
  if (user.equals(Buffer.from(auth.user, 'utf8')) && pass.equals(Buffer.from(auth.pass, 'utf8'))) {
    socket.write(Buffer.from([1, 0]));
    return true;
  }
  state.authFailures++;
  socket.end(Buffer.from([1, 1]));
  return false;
}

async function readAddress(reader: ByteReader, addressType: number | undefined): Promise<string | null> {
  if (addressType === 1) return [...(await reader.read(4))].join('.');
  if (addressType === 3) return (await reader.read(await reader.byte())).toString('utf8');
  if (addressType === 4) return ipv6Text(await reader.read(16));
  return null;
}

// The compressed form ("::1", "2001:db8::1") is what a client would write; WHATWG URL serialisation
// already implements RFC 5952's rules for it.
function ipv6Text(bytes: Buffer): string {
  const groups = Array.from({ length: 8 }, (_, i) => bytes.readUInt16BE(i * 2).toString(16));
  return new URL(`http://[${groups.join(':')}]`).hostname.slice(1, -1);
}

/** A reply with ATYP 1: the bound IPv4 address and port when known, zeros otherwise. */
function socksReply(rep: number, upstream?: net.Socket): Buffer {
  const reply = Buffer.from([5, rep, 0, 1, 0, 0, 0, 0, 0, 0]);
  const address = upstream?.localAddress ?? '';
  if (net.isIPv4(address)) address.split('.').forEach((octet, i) => (reply[4 + i] = Number(octet)));
  reply.writeUInt16BE(upstream?.localPort ?? 0, 8);
  return reply;
}

function refuse(socket: net.Socket, rep: number): void {
  socket.end(socksReply(rep));
}

// TCP delivers bytes in whatever chunks it likes. The handshake reads exact lengths from this buffer,
// and whatever is left in it when the tunnel opens was sent early and belongs to the tunnel.
class ByteReader {
  private buffered = Buffer.alloc(0);
  private pending: { size: number; resolve: (bytes: Buffer) => void; reject: (err: Error) => void } | null = null;
  private ended = false;
  private readonly onData = (chunk: Buffer) => {
    this.buffered = Buffer.concat([this.buffered, chunk]);
    this.settle();
  };

  constructor(private readonly socket: net.Socket) {
    socket.on('data', this.onData);
    const stop = () => {
      this.ended = true;
      this.settle();
    };
    socket.once('end', stop);
    socket.once('close', stop);
  }

  read(size: number): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      this.pending = { size, resolve, reject };
      this.settle();
    });
  }

  async byte(): Promise<number> {
    return (await this.read(1))[0] ?? 0;
  }

  /** Stops consuming and returns the bytes that arrived beyond the handshake. */
  detach(): Buffer {
    // Paused before the listener goes, or data arriving in between would be emitted to no one.
    this.socket.pause();
    this.socket.off('data', this.onData);
    return this.buffered;
  }

  private settle(): void {
    const pending = this.pending;
    if (!pending) return;
    if (this.buffered.length >= pending.size) {
      this.pending = null;
      const bytes = this.buffered.subarray(0, pending.size);
      this.buffered = this.buffered.subarray(pending.size);
      pending.resolve(bytes);
    } else if (this.ended) {
      this.pending = null;
      pending.reject(new Error('client went away mid-handshake'));
    }
  }
}
