// Console mode: no token needed. Each stdin line is a message from a local user in a private
// chat; replies are printed as readable text. Buttons are numbered: type the number to press.
// The same Dispatcher and handlers as the Telegram bot run underneath.
import { createInterface } from 'node:readline';
import { htmlToPlain } from '../format/html.js';
import type { Dispatcher } from './dispatch.js';
import type { Button, Incoming, Reply } from './types.js';

export const CONSOLE_CHAT_ID = 1;

const bold = (s: string, color: boolean) => (color ? `\x1b[1m${s}\x1b[22m` : s);

/** Telegram HTML → terminal text: links show their URL, bold stays bold on a TTY. */
export function htmlToConsole(html: string, color = false): string {
  const withLinks = html
    // Parentheses, not <…>: the tag stripper below would eat an angle-bracketed URL.
    .replace(/<a href="([^"]*)">([\s\S]*?)<\/a>/g, (_m, href: string, text: string) => `${text} (${href})`)
    .replace(/<b>([\s\S]*?)<\/b>/g, (_m, text: string) => bold(text, color));
  return htmlToPlain(withLinks);
}

export interface ConsoleOptions {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  languageCode?: string;
  color?: boolean;
}

export function runConsole(dispatcher: Dispatcher, opts: ConsoleOptions): { closed: Promise<void> } {
  const buttons: Button[] = [];
  const print = (s: string) => opts.output.write(`${s}\n`);
  const msg = (text: string): Incoming => ({
    chat: { id: CONSOLE_CHAT_ID, type: 'private', title: 'console' },
    user: { id: CONSOLE_CHAT_ID, languageCode: opts.languageCode },
    threadId: null,
    text,
  });
  const show = (reply: Reply) => {
    print(htmlToConsole(reply.html, opts.color));
    for (const b of reply.keyboard?.flat() ?? []) {
      if (!b.callbackData) continue;
      buttons.push(b);
      print(`  [${buttons.length}] ${b.text}`);
    }
    print('');
  };
  const handleLine = async (line: string) => {
    const text = line.trim();
    if (!text) return;
    const pressed = /^\d+$/.test(text) ? buttons[Number(text) - 1] : undefined;
    if (pressed?.callbackData) {
      const result = await dispatcher.handleCallback(msg(''), pressed.callbackData);
      if (result.toast) print(`(${result.toast})`);
      if (result.edit) show(result.edit);
      return;
    }
    for (const reply of await dispatcher.handleMessage(msg(text))) show(reply);
  };
  const rl = createInterface({ input: opts.input, terminal: false });
  // Lines are handled one at a time, in order, even when a handler awaits.
  let chain = Promise.resolve();
  rl.on('line', (line) => {
    chain = chain.then(() => handleLine(line)).catch(() => void print('(something went wrong; see the log)'));
  });
  const closed = new Promise<void>((resolve) => rl.on('close', () => void chain.then(resolve)));
  return { closed };
}
