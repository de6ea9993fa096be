// Inline mode with a CVE id: the cached card's first line heads the results, its card is the message.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { storeRecord } from '../../src/store/cve-records.js';
import { replaceKev } from '../../src/store/kev.js';
import { inlineAnswer } from '../../src/telegram/inline.js';
import { recordOf } from '../helpers/cve.js';
import { tempDb } from '../helpers/fixtures.js';

const NOW = Date.UTC(2026, 8, 29);

test('a CVE id puts its card first, on the first page only; an unknown id gives the search results alone', () => {
  const t = tempDb();
  try {
    const scores = [
      {
        origin: 'cna' as const,
        provider: 'palo_alto',
        version: '3.1',
        score: 10,
        severity: 'critical',
        vector: 'CVSS:3.1/AV:N',
      },
    ];
    storeRecord(
      t.db,
      'cve5',
      'CVE-2024-3400',
      recordOf('CVE-2024-3400', { title: 'PAN-OS <GlobalProtect> injection', scores }),
      {
        etag: null,
        lastModified: null,
        now: NOW,
      },
    );
    const kev = {
      vendor: 'Palo Alto Networks',
      product: 'PAN-OS',
      name: 'x',
      dateAdded: '2024-04-12',
      dueDate: '2024-04-19',
    };
    replaceKev(t.db, [{ cveId: 'CVE-2024-3400', ...kev, requiredAction: 'patch', ransomware: false }], {
      etag: null,
      lastModified: null,
      now: NOW,
    });
    const answer = inlineAnswer(t.db, 'cve-2024-3400', '', NOW, 'UTC', undefined, 'zh') as {
      results: Array<{
        id: string;
        title: string;
        description: string;
        input_message_content: { message_text: string };
      }>;
    };
    const [card] = answer.results;
    assert.equal(card!.id, 'cve:CVE-2024-3400');
    assert.equal(card!.title, 'CVE-2024-3400 · 10.0 严重 · ⚠ KEV');
    assert.equal(card!.description, 'PAN-OS <GlobalProtect> injection', 'plain text: Telegram shows it as is');
    assert.match(
      card!.input_message_content.message_text,
      /🛡 <b>CVE-2024-3400<\/b>[\s\S]*PAN-OS &lt;GlobalProtect&gt;/,
    );
    const page2 = inlineAnswer(t.db, 'CVE-2024-3400', '20', NOW, 'UTC') as { results: Array<{ id: string }> };
    assert.ok(!page2.results.some((r) => r.id.startsWith('cve:')));
    const unknown = inlineAnswer(t.db, 'CVE-2099-0001', '', NOW, 'UTC') as { results: unknown[] };
    assert.deepEqual(unknown.results, []);
  } finally {
    t.cleanup();
  }
});
