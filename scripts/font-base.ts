// Builds fonts/NotoSansSC-Regular-base.ttf: Noto Sans SC Regular (the npm package the renderer falls
// back to) cut to the base character set (src/chart/charset.ts) with HarfBuzz. Run after upgrading
// either; test/chart/font.test.ts fails while the committed file differs from what this builds.
// Usage: npx tsx scripts/font-base.ts
import { writeFileSync } from 'node:fs';
import { BASE_FONT, FULL_FONT, buildBaseFont } from '../src/chart/fonts.js';

const bytes = buildBaseFont();
writeFileSync(BASE_FONT, bytes);
console.log(`${BASE_FONT}: ${bytes.length} bytes from ${FULL_FONT()}`);
