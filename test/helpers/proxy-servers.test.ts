// The test proxies themselves, driven byte by byte from raw sockets against a loopback echo server,
// so tests that rely on them can trust what `requested` and `tunnelled` say.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import net from 'node:net';
import { after, before, mock, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { startConnectProxy, startSocks5Proxy, type TestProxy } from './proxy-servers.js';

const AUTH = { user: 'alice', pass: 's3cret/:@' };
const AUTH_IN_URL = 'alice:s3cret%2F%3A%40';
const T = { timeout: 5000 };

/** A client socket whose replies can be awaited exactly, however TCP splits them. */
class Raw {
  private data = Buffer.alloc(0);
  private wakers: Array<() => void> = [];
  private isClosed = false;
  readonly closed: Promise<void>;

  private constructor(readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.data = Buffer.concat([this.data, chunk]);
      this.wake();
    });
    socket.on('error', () => {});
    this.closed = once(socket, 'close').then(() => {
      this.isClosed = true;
      this.wake();
    });
  }

  // createConnection, not connect: the no-connect tests spy on net.connect to see what the proxy dials.
  static async open(port: number): Promise<Raw> {
    const socket = net.createConnection({ port, host: '127.0.0.1', noDelay: true });
    await once(socket, 'connect');
    return new Raw(socket);
  }

  read(size: number): Promise<Buffer> {
    return this.take((buf) => (buf.length >= size ? size : -1));
  }

  /** An HTTP response head, up to and including the blank line. */
  async head(): Promise<string> {
    const bytes = await this.take((buf) => {
      const end = buf.indexOf('\r\n\r\n');
      return end < 0 ? -1 : end + 4;
    });
    return bytes.toString('latin1');
  }

  async write(bytes: Buffer | string): Promise<void> {
    await new Promise<void>((resolve, reject) => this.socket.write(bytes, (err) => (err ? reject(err) : resolve())));
  }

  /** Writes one byte at a time with pauses, so the server sees every message split up. */
  async trickle(bytes: Buffer): Promise<void> {
    for (const byte of bytes) {
      await this.write(Buffer.from([byte]));
      await sleep(2);
    }
  }

  /** Resolves when the server has closed the connection, with nothing more unread. */
  async expectClosed(): Promise<void> {
    await this.closed;
    assert.equal(this.data.toString('hex'), '', 'no bytes after the final reply');
  }

  private async take(size: (buf: Buffer) => number): Promise<Buffer> {
    for (;;) {
      const n = size(this.data);
      if (n >= 0) {
        const out = this.data.subarray(0, n);
        this.data = this.data.subarray(n);
        return out;
      }
      if (this.isClosed) throw new Error(`closed with only ${this.data.toString('hex') || 'nothing'} unread`);
      await new Promise<void>((resolve) => this.wakers.push(resolve));
    }
  }

  private wake(): void {
    for (const wake of this.wakers.splice(0)) wake();
  }
}

let echo: net.Server;
let echoPort: number;
const echoSockets = new Set<net.Socket>();

before(async () => {
  echo = net.createServer((socket) => {
    echoSockets.add(socket);
    socket.on('close', () => echoSockets.delete(socket));
    socket.on('error', () => {});
    socket.pipe(socket);
  });
  echo.listen(0, '127.0.0.1');
  await once(echo, 'listening');
  echoPort = (echo.address() as net.AddressInfo).port;
});

after(async () => {
  for (const socket of echoSockets) socket.destroy();
  await new Promise((resolve) => echo.close(resolve));
});

async function withProxy(start: Promise<TestProxy>, body: (proxy: TestProxy) => Promise<void>): Promise<void> {
  const proxy = await start;
  try {
    await body(proxy);
  } finally {
    await proxy.close();
  }
}

async function expectEcho(client: Raw, text: string): Promise<void> {
  await client.write(text);
  assert.equal((await client.read(Buffer.byteLength(text))).toString(), text);
}

/** Records the host of every net.connect call for the length of `body`. */
async function spyOnDials(body: (hosts: () => unknown[]) => Promise<void>): Promise<void> {
  const spy = mock.method(net, 'connect');
  try {
    await body(() => spy.mock.calls.map((call) => (call.arguments[0] as { host?: unknown }).host));
  } finally {
    spy.mock.restore();
  }
}

// ---------------------------------------------------------------------------------------------
// HTTP CONNECT

function connectRequest(target: string, headers = ''): string {
  return `CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n${headers}\r\n`;
}

test('CONNECT tunnels to a loopback target, bytes sent along with the request included', T, async () => {
  await withProxy(startConnectProxy(), async (proxy) => {
    assert.equal(proxy.url, `http://127.0.0.1:${proxy.port}`);
    const client = await Raw.open(proxy.port);
    await client.write(connectRequest(`127.0.0.1:${echoPort}`) + 'early');
    assert.equal(await client.head(), 'HTTP/1.1 200 Connection Established\r\n\r\n');
    assert.equal((await client.read(5)).toString(), 'early', 'the head bytes reach the target');
    await expectEcho(client, 'ping');
    assert.deepEqual(proxy.requested, [`127.0.0.1:${echoPort}`]);
    assert.deepEqual(proxy.tunnelled, [`127.0.0.1:${echoPort}`]);
    assert.equal(proxy.authFailures, 0);
  });
});

test('CONNECT records localhost and IPv6 targets as asked, and answers 502 when the target refuses', T, async () => {
  await withProxy(startConnectProxy(), async (proxy) => {
    const named = await Raw.open(proxy.port);
    await named.write(connectRequest(`localhost:${echoPort}`));
    assert.match(await named.head(), /^HTTP\/1\.1 200 /);
    await expectEcho(named, 'via localhost');
    // The echo server listens on 127.0.0.1 only, so its port on ::1 refuses (or ::1 is missing: also 502).
    const v6 = await Raw.open(proxy.port);
    await v6.write(connectRequest(`[::1]:${echoPort}`));
    assert.equal(await v6.head(), 'HTTP/1.1 502 Bad Gateway\r\n\r\n');
    await v6.expectClosed();
    assert.deepEqual(proxy.requested, [`localhost:${echoPort}`, `::1:${echoPort}`]);
    assert.deepEqual(proxy.tunnelled, [`localhost:${echoPort}`]);
  });
});

test('CONNECT with auth: 407 for wrong or missing credentials, a tunnel for the right ones', T, async () => {
  await withProxy(startConnectProxy({ auth: AUTH }), async (proxy) => {
    assert.equal(proxy.url, `http://${AUTH_IN_URL}@127.0.0.1:${proxy.port}`);
    assert.equal(decodeURIComponent(new URL(proxy.url).password), AUTH.pass);
    const target = `127.0.0.1:${echoPort}`;
    const basic = (userPass: string) => `Proxy-Authorization: Basic ${Buffer.from(userPass).toString('base64')}\r\n`;
    const refused = 'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\n\r\n';

    const wrong = await Raw.open(proxy.port);
    await wrong.write(connectRequest(target, basic('alice:guess')));
    assert.equal(await wrong.head(), refused);
    await wrong.expectClosed();
    assert.equal(proxy.authFailures, 1);

    const missing = await Raw.open(proxy.port);
    await missing.write(connectRequest(target));
    assert.equal(await missing.head(), refused);
    assert.equal(proxy.authFailures, 2);

    const right = await Raw.open(proxy.port);
    await right.write(connectRequest(target, basic(`${AUTH.user}:${AUTH.pass}`)));
    assert.match(await right.head(), /^HTTP\/1\.1 200 /);
    await expectEcho(right, 'authorised');
    assert.equal(proxy.authFailures, 2);
    assert.deepEqual(proxy.requested, [target, target, target]);
    assert.deepEqual(proxy.tunnelled, [target]);
  });
});

test('CONNECT answers 403 for targets off loopback without ever dialling them', T, async () => {
  const offLoopback = ['10.0.0.5:80', 'example.com:443', '[2001:db8::1]:443', 'localhost.example.com:80'];
  await spyOnDials(async (dialled) => {
    await withProxy(startConnectProxy(), async (proxy) => {
      for (const target of offLoopback) {
        const client = await Raw.open(proxy.port);
        await client.write(connectRequest(target));
        assert.equal(await client.head(), 'HTTP/1.1 403 Forbidden\r\n\r\n', target);
        await client.expectClosed();
      }
      assert.deepEqual(proxy.tunnelled, []);
      assert.deepEqual(dialled(), [], 'nothing dialled for refused targets');
      // The spy has to see a dial the proxy does make, or the assertion above proves nothing.
      const control = await Raw.open(proxy.port);
      await control.write(connectRequest(`127.0.0.1:${echoPort}`));
      assert.match(await control.head(), /^HTTP\/1\.1 200 /);
      assert.deepEqual(dialled(), ['127.0.0.1']);
      assert.deepEqual(proxy.requested, [
        '10.0.0.5:80',
        'example.com:443',
        '2001:db8::1:443',
        'localhost.example.com:80',
        `127.0.0.1:${echoPort}`,
      ]);
    });
  });
});

test('a plain proxied GET gets 405: the clients under test must tunnel', T, async () => {
  await withProxy(startConnectProxy(), async (proxy) => {
    const client = await Raw.open(proxy.port);
    await client.write(`GET http://127.0.0.1:${echoPort}/ HTTP/1.1\r\nHost: 127.0.0.1:${echoPort}\r\n\r\n`);
    assert.match(await client.head(), /^HTTP\/1\.1 405 /);
    assert.deepEqual(proxy.requested, []);
    assert.deepEqual(proxy.tunnelled, []);
  });
});

// ---------------------------------------------------------------------------------------------
// SOCKS5

function port16(port: number): Buffer {
  const bytes = Buffer.alloc(2);
  bytes.writeUInt16BE(port);
  return bytes;
}

/** ATYP + DST.ADDR for the three address types. */
const ipv4 = (host: string) => Buffer.from([1, ...host.split('.').map(Number)]);
const domain = (name: string) => Buffer.concat([Buffer.from([3, name.length]), Buffer.from(name)]);
const ipv6 = (hex: string) => Buffer.concat([Buffer.from([4]), Buffer.from(hex, 'hex')]);

function socksRequest(address: Buffer, port: number, command = 1): Buffer {
  return Buffer.concat([Buffer.from([5, command, 0]), address, port16(port)]);
}

function userPass(user: string, pass: string): Buffer {
  return Buffer.concat([
    Buffer.from([1, user.length]),
    Buffer.from(user),
    Buffer.from([pass.length]),
    Buffer.from(pass),
  ]);
}

/** Reads a 10-byte ATYP=1 reply and returns its REP field. */
async function socksRep(client: Raw): Promise<number> {
  const reply = await client.read(10);
  assert.deepEqual([reply[0], reply[2], reply[3]], [5, 0, 1], `reply ${reply.toString('hex')}`);
  return reply[1]!;
}

/** Greets without auth and asks for a target; resolves with REP. */
async function socksAsk(proxy: TestProxy, address: Buffer, port: number, command = 1): Promise<[Raw, number]> {
  const client = await Raw.open(proxy.port);
  await client.write(Buffer.concat([Buffer.from([5, 1, 0]), socksRequest(address, port, command)]));
  assert.deepEqual([...(await client.read(2))], [5, 0]);
  return [client, await socksRep(client)];
}

test('SOCKS5 without auth: IPv4 target, every message split into single bytes, early data kept', T, async () => {
  await withProxy(startSocks5Proxy(), async (proxy) => {
    assert.equal(proxy.url, `socks5://127.0.0.1:${proxy.port}`);
    const client = await Raw.open(proxy.port);
    await client.trickle(Buffer.from([5, 2, 2, 0])); // offers user/pass too: without auth 0x00 is chosen
    assert.deepEqual([...(await client.read(2))], [5, 0]);
    await client.trickle(Buffer.concat([socksRequest(ipv4('127.0.0.1'), echoPort), Buffer.from('early')]));
    const reply = await client.read(10);
    assert.deepEqual([...reply.subarray(0, 8)], [5, 0, 0, 1, 127, 0, 0, 1], 'success, bound to loopback');
    assert.notEqual(reply.readUInt16BE(8), 0, 'bound port');
    assert.equal((await client.read(5)).toString(), 'early', 'bytes sent after the request reach the target');
    await expectEcho(client, 'ping');
    assert.deepEqual(proxy.requested, [`127.0.0.1:${echoPort}`]);
    assert.deepEqual(proxy.tunnelled, [`127.0.0.1:${echoPort}`]);
  });
});

test('SOCKS5 domain target: localhost, greeting, request and data all in one chunk', T, async () => {
  await withProxy(startSocks5Proxy(), async (proxy) => {
    const client = await Raw.open(proxy.port);
    await client.write(
      Buffer.concat([Buffer.from([5, 1, 0]), socksRequest(domain('localhost'), echoPort), Buffer.from('x')]),
    );
    assert.deepEqual([...(await client.read(2))], [5, 0]);
    assert.equal(await socksRep(client), 0);
    assert.equal((await client.read(1)).toString(), 'x');
    await expectEcho(client, 'by name');
    assert.deepEqual(proxy.requested, [`localhost:${echoPort}`]);
    assert.deepEqual(proxy.tunnelled, [`localhost:${echoPort}`]);
  });
});

test('SOCKS5 IPv6: ::1 is dialled (REP 5 when it refuses), other addresses get REP 2', T, async () => {
  await withProxy(startSocks5Proxy(), async (proxy) => {
    const [loop, loopRep] = await socksAsk(proxy, ipv6('00000000000000000000000000000001'), echoPort);
    assert.equal(loopRep, 0x05, 'the echo server does not listen on ::1');
    await loop.expectClosed();
    const [doc, docRep] = await socksAsk(proxy, ipv6('20010db8000000000000000000000001'), 80);
    assert.equal(docRep, 0x02);
    await doc.expectClosed();
    assert.deepEqual(proxy.requested, [`::1:${echoPort}`, '2001:db8::1:80']);
    assert.deepEqual(proxy.tunnelled, []);
  });
});

test('SOCKS5 refuses off-loopback targets with REP 2 before dialling, other commands with REP 7', T, async () => {
  await spyOnDials(async (dialled) => {
    await withProxy(startSocks5Proxy(), async (proxy) => {
      for (const address of [ipv4('10.0.0.5'), domain('example.com'), domain('127.0.0.1.example.com')]) {
        const [client, rep] = await socksAsk(proxy, address, 80);
        assert.equal(rep, 0x02, address.toString('hex'));
        await client.expectClosed();
      }
      const [bind, bindRep] = await socksAsk(proxy, ipv4('127.0.0.1'), echoPort, 2);
      assert.equal(bindRep, 0x07, 'BIND is not supported');
      await bind.expectClosed();
      assert.deepEqual(dialled(), [], 'nothing dialled');
      const [, controlRep] = await socksAsk(proxy, domain('localhost'), echoPort);
      assert.equal(controlRep, 0);
      assert.deepEqual(dialled(), ['localhost'], 'the spy sees the dials the proxy does make');
      assert.deepEqual(proxy.requested, [
        '10.0.0.5:80',
        'example.com:80',
        '127.0.0.1.example.com:80',
        `localhost:${echoPort}`,
      ]);
      assert.deepEqual(proxy.tunnelled, [`localhost:${echoPort}`]);
    });
  });
});

test('SOCKS5 with auth: no user/pass method gets 05 FF, a bad password 01 01, the right one a tunnel', T, async () => {
  await withProxy(startSocks5Proxy({ auth: AUTH }), async (proxy) => {
    assert.equal(proxy.url, `socks5://${AUTH_IN_URL}@127.0.0.1:${proxy.port}`);
    const anonymous = await Raw.open(proxy.port);
    await anonymous.write(Buffer.from([5, 1, 0]));
    assert.deepEqual([...(await anonymous.read(2))], [5, 0xff]);
    await anonymous.expectClosed();

    const wrong = await Raw.open(proxy.port);
    await wrong.write(Buffer.from([5, 2, 0, 2]));
    assert.deepEqual([...(await wrong.read(2))], [5, 2]);
    await wrong.write(userPass(AUTH.user, 'guess'));
    assert.deepEqual([...(await wrong.read(2))], [1, 1]);
    await wrong.expectClosed();
    assert.equal(proxy.authFailures, 1);

    const right = await Raw.open(proxy.port);
    await right.trickle(Buffer.concat([Buffer.from([5, 1, 2]), userPass(AUTH.user, AUTH.pass)]));
    assert.deepEqual([...(await right.read(4))], [5, 2, 1, 0]);
    await right.write(socksRequest(ipv4('127.0.0.1'), echoPort));
    assert.equal(await socksRep(right), 0);
    await expectEcho(right, 'authorised');
    assert.equal(proxy.authFailures, 1);
    assert.deepEqual(proxy.tunnelled, [`127.0.0.1:${echoPort}`]);
  });
});

// ---------------------------------------------------------------------------------------------
// close()

async function withinSeconds<V>(promise: Promise<V>, what: string): Promise<V> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not happen within 2s`)), 2000);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

test('close() resolves with tunnels open, and tears down both sides of each', T, async () => {
  const connect = await startConnectProxy();
  const socks = await startSocks5Proxy();
  try {
    const earlier = new Set(echoSockets);
    const tunnel = await Raw.open(connect.port);
    await tunnel.write(connectRequest(`127.0.0.1:${echoPort}`));
    assert.match(await tunnel.head(), /^HTTP\/1\.1 200 /);
    const [socksTunnel, rep] = await socksAsk(socks, ipv4('127.0.0.1'), echoPort);
    assert.equal(rep, 0);
    await expectEcho(tunnel, 'open');
    await expectEcho(socksTunnel, 'open');
    const targetSides = [...echoSockets].filter((socket) => !earlier.has(socket));
    assert.equal(targetSides.length, 2, 'both tunnels reach the echo server');
    const targetsClosed = targetSides.map((socket) => once(socket, 'close'));

    await withinSeconds(Promise.all([connect.close(), socks.close()]), 'close()');
    await withinSeconds(Promise.all([tunnel.closed, socksTunnel.closed]), 'closing the client sides');
    await withinSeconds(Promise.all(targetsClosed), 'closing the target sides');
    assert.ok(targetSides.every((socket) => socket.destroyed));
  } finally {
    await Promise.all([connect.close(), socks.close()]);
  }
});
