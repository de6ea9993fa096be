// Minimal client for any OpenAI-compatible /v1/chat/completions endpoint (OpenAI, DeepSeek,
// Ollama, vLLM …). The API key is sent only as a header and never appears in errors or logs.

export interface LlmConfig {
  baseUrl: string;
  apiKey: string;
  model: string;
  timeoutMs: number;
}

export class LlmError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LlmError';
  }
}

export interface Completion {
  text: string;
  /** Tokens the provider billed, or an estimate when it does not say. */
  tokens: number;
}

/** Accepts both `https://api.openai.com` and `https://api.openai.com/v1` as the base. */
export function completionsUrl(baseUrl: string): string {
  const base = baseUrl.replace(/\/+$/, '');
  return /\/v\d+$/.test(base) ? `${base}/chat/completions` : `${base}/v1/chat/completions`;
}

const estimateTokens = (s: string) => Math.ceil(s.length / 3);

export async function complete(cfg: LlmConfig, system: string, user: string, maxTokens: number): Promise<Completion> {
  const redact = (s: string) => (cfg.apiKey ? s.split(cfg.apiKey).join('[redacted]') : s);
  let res: Response;
  try {
    res = await fetch(completionsUrl(cfg.baseUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(cfg.apiKey ? { authorization: `Bearer ${cfg.apiKey}` } : {}) },
      body: JSON.stringify({
        model: cfg.model,
        temperature: 0.2,
        max_tokens: maxTokens,
        messages: [
          { role: 'system', content: system },
          { role: 'user', content: user },
        ],
      }),
      signal: AbortSignal.timeout(cfg.timeoutMs),
    });
  } catch (err) {
    const e = err as Error;
    throw new LlmError(
      e.name === 'TimeoutError' ? `no answer within ${cfg.timeoutMs} ms` : redact(`request failed: ${e.message}`),
    );
  }
  if (!res.ok) throw new LlmError(`HTTP ${res.status} ${redact(res.statusText)}`);
  let body: { choices?: Array<{ message?: { content?: unknown } }>; usage?: { total_tokens?: unknown } };
  try {
    body = (await res.json()) as typeof body;
  } catch {
    throw new LlmError('answer is not JSON');
  }
  const text = body.choices?.[0]?.message?.content;
  if (typeof text !== 'string' || !text.trim()) throw new LlmError('answer has no message content');
  const tokens =
    typeof body.usage?.total_tokens === 'number' ? body.usage.total_tokens : estimateTokens(system + user + text);
  return { text: text.trim(), tokens };
}
