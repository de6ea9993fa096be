// A fake Telegram Bot API on 127.0.0.1 that telegraf talks to through `apiRoot`.
// It long-polls getUpdates with offset semantics, records every call, validates HTML like
// Telegram, and can inject 429 / 5xx / 403 / supergroup migration. With `enforceLimits` it
// rate-limits like Telegram does (30/s overall, ~1/s per chat; messages sent with
// allow_paid_broadcast count against a separate 1000/s) and answers 429 past it, counting each
// as a violation. With `latencyMs` every call is answered that much later (± `jitter`), as a
// real round trip to Telegram is: 50–300 ms, not the 0 ms of loopback.
// Files registered with addFile are served the way Telegram serves them: getFile gives a
// file_path, and GET /file/bot<token>/<file_path> gives the bytes.
import { once } from 'node:events';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FloodLimits } from './flood-limits.js';
import { parseTelegramHtml, TelegramHtmlError } from './telegram-html.js';

export const FAKE_TOKEN = '123456789:TEST-token-AAAAAAAAAAAAAAAAAAAAAAAAAAAA';

type Json = Record<string, unknown>;
export interface ApiCall {
  method: string;
  payload: Json;
  at: number;
  ok: boolean;
  error?: string;
}
export interface Fault {
  code: number;
  description: string;
  parameters?: Json;
}
interface Waiter {
  offset: number;
  res: ServerResponse;
  timer: NodeJS.Timeout;
}

export interface FakeBotApiOptions {
  enforceLimits?: boolean;
  /** Telegram's limits when enforced. Defaults: 30/s overall, 1000/s paid broadcasts, 900 ms per chat. */
  limits?: { perSecond?: number; paidPerSecond?: number; chatIntervalMs?: number };
  /** Each call (not getUpdates) is answered this many ms after it arrives. Default 0. */
  latencyMs?: number;
  /** Latency varies by ± this fraction, uniformly. Default 0.2. */
  jitter?: number;
  /** Cap on how long getUpdates holds a request, so tests stay quick. */
  maxPollMs?: number;
}

export class FakeBotApi {
  readonly calls: ApiCall[] = [];
  readonly blocked = new Set<number>();
  readonly migrated = new Map<number, number>();
  readonly admins = new Map<number, Set<number>>();
  /** file_ids of the photos uploaded so far (the 1280-wide size's id is the one to send again). */
  readonly photoIds = new Set<string>();
  /** getChat answers by chat_id (`@name` or the id as text); unknown `@name`s are channel -1001234567890. */
  readonly chats = new Map<string, { id: number; type: string; title: string }>();
  private readonly faults: Array<{ method: string; chatId?: number; fault: Fault }> = [];
  private readonly updates: Json[] = [];
  private readonly waiters = new Set<Waiter>();
  private readonly limits: FloodLimits;
  /** Sends refused for breaking a flood limit (429 from enforceLimits). */
  violations = 0;
  /** Sends accepted with allow_paid_broadcast. */
  paidSent = 0;
  private nextUpdateId = 1;
  private nextMessageId = 1;
  private readonly files = new Map<string, { path: string; content: Buffer }>();
  private server!: http.Server;
  apiRoot = '';

  constructor(private readonly opts: FakeBotApiOptions = {}) {
    this.limits = new FloodLimits({ chatIntervalMs: 900, ...opts.limits });
  }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    this.apiRoot = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    for (const w of this.waiters) this.finishPoll(w, []);
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  /** Queues an incoming update (message, callback_query, …); update_id is assigned here. */
  pushUpdate(update: Json): number {
    const id = this.nextUpdateId++;
    this.updates.push({ update_id: id, ...update });
    for (const w of this.waiters) this.deliver(w);
    return id;
  }

  /** The next call of `method` (optionally to `chatId`) fails with `fault`, once. */
  inject(method: string, fault: Fault, chatId?: number): void {
    this.faults.push({ method, fault, chatId });
  }

  /** Registers a file a user "uploaded"; returns the `document` object of a message carrying it. */
  addFile(content: string | Buffer, fileName = 'file.dat', mimeType = 'application/octet-stream'): Json {
    const id = `file-${this.files.size + 1}`;
    const bytes = Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8');
    this.files.set(id, { path: `documents/${id}-${fileName}`, content: bytes });
    return {
      file_id: id,
      file_unique_id: `u-${id}`,
      file_name: fileName,
      mime_type: mimeType,
      file_size: bytes.length,
    };
  }

  sent(method = 'sendMessage'): ApiCall[] {
    return this.calls.filter((c) => c.method === method && c.ok);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.url?.startsWith('/file/')) return this.download(req.url, res);
    const m = /^\/bot([^/]+)\/(\w+)$/.exec(req.url ?? '');
    const payload = await readPayload(req);
    if (!m || m[1] !== FAKE_TOKEN) return reply(res, { ok: false, error_code: 401, description: 'Unauthorized' });
    const method = m[2]!;
    if (method === 'getUpdates') return this.poll(payload, res);
    const call: ApiCall = { method, payload, at: Date.now(), ok: false };
    this.calls.push(call);
    const fault = this.failure(method, payload);
    if (!fault) {
      call.ok = true;
      if (isPaid(payload)) this.paidSent++;
    }
    await this.roundTrip();
    if (fault) {
      call.error = `${fault.code}: ${fault.description}`;
      if (fault.code >= 500) return void res.writeHead(fault.code).end();
      return reply(res, {
        ok: false,
        error_code: fault.code,
        description: fault.description,
        parameters: fault.parameters,
      });
    }
    reply(res, { ok: true, result: this.result(method, payload) });
  }

  private roundTrip(): Promise<void> | undefined {
    const latency = this.opts.latencyMs ?? 0;
    if (latency <= 0) return undefined;
    const jitter = this.opts.jitter ?? 0.2;
    return new Promise((r) => setTimeout(r, latency * (1 - jitter + 2 * jitter * Math.random())));
  }

  private download(url: string, res: ServerResponse): void {
    const m = /^\/file\/bot([^/]+)\/(.+)$/.exec(url);
    const file =
      m && m[1] === FAKE_TOKEN ? [...this.files.values()].find((f) => f.path === decodeURIComponent(m[2]!)) : undefined;
    if (!file) return void res.writeHead(404).end();
    res
      .writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': file.content.length })
      .end(file.content);
  }

  private failure(method: string, p: Json): Fault | undefined {
    const chatId = Number(p.chat_id);
    const i = this.faults.findIndex((f) => f.method === method && (f.chatId === undefined || f.chatId === chatId));
    if (i >= 0) return this.faults.splice(i, 1)[0]!.fault;
    if (method === 'getFile' && !this.files.has(String(p.file_id)))
      return { code: 400, description: 'Bad Request: invalid file_id' };
    if (method === 'sendPhoto' && typeof p.photo === 'string' && !this.photoIds.has(p.photo))
      return { code: 400, description: 'Bad Request: wrong file identifier/HTTP URL specified' };
    if (!method.startsWith('send') && method !== 'editMessageText') return undefined;
    if (this.blocked.has(chatId)) return { code: 403, description: 'Forbidden: bot was blocked by the user' };
    const to = this.migrated.get(chatId);
    if (to !== undefined)
      return {
        code: 400,
        description: 'Bad Request: group chat was upgraded to a supergroup chat',
        parameters: { migrate_to_chat_id: to },
      };
    if (typeof p.text === 'string') {
      const textError = checkText(p.text, p.parse_mode);
      if (textError) return { code: 400, description: textError };
    }
    if (typeof p.caption === 'string') {
      const captionError = checkCaption(p.caption, p.parse_mode);
      if (captionError) return { code: 400, description: captionError };
    }
    return this.opts.enforceLimits ? this.rateLimit(chatId, isPaid(p)) : undefined;
  }

  private rateLimit(chatId: number, paid: boolean): Fault | undefined {
    if (this.limits.admit(chatId, paid, Date.now())) return undefined;
    this.violations++;
    return { code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } };
  }

  private sentMessage(p: Json) {
    return {
      message_id: this.nextMessageId++,
      date: Math.floor(Date.now() / 1000),
      chat: { id: Number(p.chat_id), type: Number(p.chat_id) > 0 ? 'private' : 'supergroup' },
      text: p.text,
    };
  }

  /** Photo sizes as Telegram answers an upload; a photo sent by file_id must be one it gave out. */
  private photoSizes(photo: unknown) {
    const id = typeof photo === 'string' ? photo : `photo-${this.photoIds.size + 1}`;
    this.photoIds.add(id);
    return [90, 320, 1280].map((width) => ({ file_id: width === 1280 ? id : `${id}-${width}`, width }));
  }

  private result(method: string, p: Json): unknown {
    switch (method) {
      case 'getMe':
        return {
          id: 42,
          is_bot: true,
          first_name: 'secbrief',
          username: 'secbrief_test_bot',
          can_join_groups: true,
          supports_inline_queries: true,
        };
      case 'sendPhoto':
        return { ...this.sentMessage(p), photo: this.photoSizes(p.photo) };
      case 'sendMessage':
      case 'sendDocument':
        return this.sentMessage(p);
      case 'editMessageText':
        return {
          message_id: Number(p.message_id),
          date: Math.floor(Date.now() / 1000),
          chat: { id: Number(p.chat_id) },
          text: p.text,
        };
      case 'getChatMember': {
        const isAdmin = this.admins.get(Number(p.chat_id))?.has(Number(p.user_id));
        return {
          status: isAdmin ? 'administrator' : 'member',
          user: { id: Number(p.user_id), is_bot: Number(p.user_id) === 42, first_name: 'u' },
        };
      }
      case 'getFile': {
        const file = this.files.get(String(p.file_id))!;
        return {
          file_id: p.file_id,
          file_unique_id: `u-${String(p.file_id)}`,
          file_size: file.content.length,
          file_path: file.path,
        };
      }
      case 'getChat':
        return (
          this.chats.get(String(p.chat_id)) ?? {
            id: typeof p.chat_id === 'string' && p.chat_id.startsWith('@') ? -1001234567890 : Number(p.chat_id),
            type: 'channel',
            title: String(p.chat_id),
          }
        );
      default:
        return true;
    }
  }

  private poll(p: Json, res: ServerResponse): void {
    const offset = Number(p.offset ?? 0);
    // Confirming an offset forgets everything before it, as Telegram does.
    while (this.updates.length && Number(this.updates[0]!.update_id) < offset) this.updates.shift();
    const holdMs = Math.min(Number(p.timeout ?? 0) * 1000, this.opts.maxPollMs ?? 500);
    const waiter: Waiter = { offset, res, timer: setTimeout(() => this.finishPoll(waiter, []), holdMs) };
    this.waiters.add(waiter);
    this.deliver(waiter);
  }

  private deliver(w: Waiter): void {
    const ready = this.updates.filter((u) => Number(u.update_id) >= w.offset);
    if (ready.length) this.finishPoll(w, ready);
  }

  private finishPoll(w: Waiter, updates: Json[]): void {
    clearTimeout(w.timer);
    if (!this.waiters.delete(w)) return;
    reply(w.res, { ok: true, result: updates });
  }
}

/** Multipart bodies carry every field as text. */
const isPaid = (p: Json) => p.allow_paid_broadcast === true || p.allow_paid_broadcast === 'true';

/** Like Telegram: a caption's entities must parse and its visible text is at most 1,024 characters. */
function checkCaption(caption: string, parseMode: unknown): string | undefined {
  try {
    const plain = parseMode === 'HTML' ? parseTelegramHtml(caption) : caption;
    return plain.length > 1024 ? 'Bad Request: message caption is too long' : undefined;
  } catch (err) {
    if (err instanceof TelegramHtmlError) return `Bad Request: can't parse entities: ${err.message}`;
    throw err;
  }
}

function checkText(text: string, parseMode: unknown): string | undefined {
  let plain = text;
  if (parseMode === 'HTML') {
    try {
      plain = parseTelegramHtml(text);
    } catch (err) {
      if (err instanceof TelegramHtmlError) return `Bad Request: can't parse entities: ${err.message}`;
      throw err;
    }
  }
  if (!plain.trim()) return 'Bad Request: message text is empty';
  if (plain.length > 4096) return 'Bad Request: message is too long';
  return undefined;
}

async function readPayload(req: IncomingMessage): Promise<Json> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const bytes = Buffer.concat(chunks);
  const type = req.headers['content-type'] ?? '';
  if (!bytes.length) return {};
  if (type.includes('multipart/form-data')) return parseMultipart(bytes, type);
  const body = bytes.toString('utf8');
  if (type.includes('application/json')) return JSON.parse(body) as Json;
  return Object.fromEntries(new URLSearchParams(body));
}

/** An uploaded file as the fake received it: its bytes intact (a PNG), and its text via String(). */
export class UploadedFile {
  constructor(
    readonly filename: string,
    readonly contentType: string,
    readonly bytes: Buffer,
  ) {}
  toString(): string {
    return this.bytes.toString('utf8');
  }
}

/** Enough multipart parsing for uploads, binary-safe: a field → its text, a file part → an UploadedFile. */
function parseMultipart(body: Buffer, type: string): Json {
  const boundary = /boundary=([^;]+)/.exec(type)?.[1];
  const out: Json = {};
  if (!boundary) return out;
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  // Prefixing CRLF makes the first delimiter look like the others.
  const data = Buffer.concat([Buffer.from('\r\n'), body]);
  let at = data.indexOf(delimiter);
  while (at >= 0) {
    const next = data.indexOf(delimiter, at + delimiter.length);
    if (next < 0) break;
    const part = data.subarray(at + delimiter.length + 2, next);
    const split = part.indexOf('\r\n\r\n');
    const head = part.subarray(0, split).toString('utf8');
    const content = part.subarray(split + 4);
    const name = /name="([^"]+)"/.exec(head)?.[1];
    const filename = /filename="([^"]*)"/.exec(head)?.[1];
    const contentType = /content-type:\s*([^\r\n]+)/i.exec(head)?.[1] ?? '';
    if (name)
      out[name] = filename === undefined ? content.toString('utf8') : new UploadedFile(filename, contentType, content);
    at = next;
  }
  return out;
}

function reply(res: ServerResponse, body: Json): void {
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
