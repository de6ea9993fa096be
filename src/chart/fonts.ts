// Where the chart font comes from, and the subset each chart is drawn with. Two files: the base
// (fonts/NotoSansSC-Regular-base.ttf, 2 MB, shipped in the repository, cut from the npm font by
// scripts/font-base.ts for the characters in charset.ts) serves nearly every chart; the full Noto
// Sans SC from @expo-google-fonts/noto-sans-sc (10.5 MB) is loaded only for a chart with a character
// outside it. Both are OFL (fonts/OFL.txt). Memory, not disk, is why: HarfBuzz keeps the font it
// cuts from in memory, ~5 MB for the base against ~25 MB for the full font (bench/chart.ts).
import { closeSync, openSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { baseCharset, coveredByBase } from './charset.js';
import { FontSubsetter } from './font-subset.js';

export class ChartRenderError extends Error {
  override name = 'ChartRenderError';
}

export const FONT_FAMILY = 'Noto Sans SC';
// Regular only: a bold request is drawn with the nearest weight there is, so the option's fontWeight
// stays, and Bold would double the font memory for titles that are already set large.
const FULL_FONT_ID = '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf';
export const BASE_FONT = fileURLToPath(new URL('../../fonts/NotoSansSC-Regular-base.ttf', import.meta.url));
// sfnt versions of a TrueType/OpenType file: 1.0, 'true', 'OTTO'.
const SFNT_TAGS = ['00010000', '74727565', '4f54544f'];

/** The file is there and is a font: resvg would otherwise draw the chart silently without text. */
function checkedFile(path: string): string {
  const head = Buffer.alloc(4);
  try {
    const fd = openSync(path, 'r');
    try {
      readSync(fd, head, 0, 4, 0);
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    throw new ChartRenderError(`chart font ${path} cannot be read: ${(e as Error).message}`);
  }
  if (!SFNT_TAGS.includes(head.toString('hex'))) throw new ChartRenderError(`chart font ${path} is not a font file`);
  return path;
}

/** A font in an npm package, found and checked. */
export function checkedFontPath(id: string): string {
  let path: string;
  try {
    path = createRequire(import.meta.url).resolve(id);
  } catch (e) {
    throw new ChartRenderError(`chart font ${id} not found (is its npm package installed?): ${(e as Error).message}`);
  }
  return checkedFile(path);
}

export const FULL_FONT = (): string => checkedFontPath(FULL_FONT_ID);

/** The base font as scripts/font-base.ts writes it. */
export function buildBaseFont(): Buffer {
  return new FontSubsetter(FULL_FONT()).subset([...baseCharset()].join(''));
}

/** The subset fonts charts are drawn with; the base is loaded on the first chart, the full font only if needed. */
export class ChartFonts {
  private base: FontSubsetter | undefined;
  private full: FontSubsetter | undefined;

  subsetFor(text: string): Buffer {
    if (coveredByBase(text)) return (this.base ??= new FontSubsetter(checkedFile(BASE_FONT))).subset(text);
    return (this.full ??= new FontSubsetter(FULL_FONT())).subset(text);
  }
}
