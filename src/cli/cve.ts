// `secbrief cve CVE-… [--json] [--lang zh]`: the /cve card in the terminal. Fetches the records now
// within the same budget as the bot (kept in the database), so a shell lookup never costs the bot
// its NVD allowance twice.
import type { App } from '../app.js';
import { htmlToPlain } from '../format/html.js';
import type { UiLanguage } from '../format/i18n.js';
import { parseCveId } from '../news/cve.js';
import { cveReply, renderCveReply } from '../telegram/commands/cve.js';
import { cveLookup } from '../wiring.js';
import { CommandError, iso, out, UsageError } from './output.js';

export async function cveCard(
  app: App,
  text: string | undefined,
  v: { json: boolean; lang?: string },
): Promise<number> {
  const id = parseCveId(text ?? '');
  if (!id) throw new UsageError(`${text ? `"${text}" is not a CVE id` : 'cve needs an id'}, e.g. CVE-2024-3400`);
  if (v.lang !== undefined && v.lang !== 'en' && v.lang !== 'zh') throw new UsageError('--lang takes en or zh');
  const lookup = cveLookup(app);
  const pending = lookup ? await lookup(id) : false;
  const r = cveReply(app.db, id, app.clock());
  if (r.unknown) {
    const later = pending ? ' (a source did not answer; try again later)' : '';
    throw new CommandError(`nothing is known about ${id}: no record, KEV entry, EPSS score or article${later}`);
  }
  if (v.json) {
    const articles = r.articles.map((a) => ({
      title: a.title,
      url: a.url,
      source: a.source,
      published: iso(a.published),
    }));
    out(JSON.stringify({ ...r.card, articles, pending }, null, 2));
  } else {
    const lang = (v.lang as UiLanguage | undefined) ?? 'en';
    out(renderCveReply(r, lang, app.config.DEFAULT_TIMEZONE, pending).map(htmlToPlain).join('\n\n'));
  }
  return 0;
}
