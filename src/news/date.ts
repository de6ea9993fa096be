// Tolerant feed date parsing. Pure: the caller supplies the zone for naive times and "now".

// Abbreviations seen in feeds. CST is ambiguous: China Standard Time in a Chinese feed,
// US Central elsewhere, hence the `cstIsChina` switch.
const ZONES: Record<string, string> = {
  UT: '+00:00',
  UTC: '+00:00',
  GMT: '+00:00',
  Z: '+00:00',
  BST: '+01:00',
  CET: '+01:00',
  CEST: '+02:00',
  EST: '-05:00',
  EDT: '-04:00',
  CST: '-06:00',
  CDT: '-05:00',
  MST: '-07:00',
  MDT: '-06:00',
  PST: '-08:00',
  PDT: '-07:00',
  JST: '+09:00',
  KST: '+09:00',
  HKT: '+08:00',
  SGT: '+08:00',
  IST: '+05:30',
  MSK: '+03:00',
  AEST: '+10:00',
  AEDT: '+11:00',
};

const MONTHS: Record<string, string> = {
  jan: '01',
  feb: '02',
  mar: '03',
  apr: '04',
  may: '05',
  jun: '06',
  jul: '07',
  aug: '08',
  sep: '09',
  sept: '09',
  oct: '10',
  nov: '11',
  dec: '12',
};

export interface DateContext {
  /** Offset applied when the string carries no zone, e.g. '+08:00' for Chinese feeds. */
  naiveOffset: string;
  cstIsChina: boolean;
}

const pad = (n: string | number) => String(n).padStart(2, '0');

function offsetOf(zone: string | undefined, ctx: DateContext): string | null {
  if (!zone) return null;
  const z = zone.toUpperCase();
  if (z === 'CST' && ctx.cstIsChina) return '+08:00';
  if (ZONES[z]) return ZONES[z];
  const m = /^(?:GMT|UTC)?([+-])(\d{1,2}):?(\d{2})?$/.exec(z);
  return m ? `${m[1]}${pad(m[2]!)}:${m[3] ?? '00'}` : null;
}

function build(y: string, mo: string, d: string, h = '0', mi = '0', s = '0', frac = '', zone: string | null): number {
  const ms = frac ? frac.slice(0, 3).padEnd(3, '0') : '000';
  const iso = `${y}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}.${ms}${zone ?? 'Z'}`;
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return NaN;
  // Date.parse rolls 31 Jun over to 1 Jul; a day that does not exist is a bad date.
  const check = new Date(Date.parse(`${y}-${pad(mo)}-01T00:00:00Z`));
  return check.getUTCMonth() + 1 === Number(mo) && Number(d) <= daysIn(Number(y), Number(mo)) ? t : NaN;
}

function daysIn(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

const ISO_LIKE = new RegExp(
  String.raw`^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?` +
    String.raw`(?:[T\s]+(\d{1,2})[:时](\d{2})(?:[:分](\d{2})(?:[.,](\d+))?秒?)?)?\s*(Z|[+-]\d{2}:?\d{2}|[A-Z]{2,5})?$`,
  'i',
);
// "Wed, 23 Jul 2025 10:00:00 +0800", "23 Jul 2025 10:00 GMT", "Wednesday, 23-Jul-25 10:00:00 EDT"
const RFC822_LIKE = new RegExp(
  String.raw`^(?:[a-z]+,?\s+)?(\d{1,2})[\s-]+([a-z]{3,9})\.?[\s-]+(\d{2,4})(?:[\sT,]+(\d{1,2}):(\d{2})(?::` +
    String.raw`(\d{2}))?(?:\.(\d+))?)?\s*([A-Z]{1,5}|(?:GMT|UTC)?[+-]\d{1,2}:?\d{2})?$`,
  'i',
);
// "Jul 23, 2025 00:00:00-0500", "Wednesday, July 23, 2025 10:00 AM"
const MONTH_FIRST = new RegExp(
  String.raw`^(?:[a-z]+,?\s+)?([a-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})(?:[\s,T-]+(\d{1,2}):(\d{2})(?::` +
    String.raw`(\d{2}))?\s*(am|pm)?)?\s*([A-Z]{1,5}|(?:GMT|UTC)?[+-]\d{1,2}:?\d{2})?$`,
  'i',
);

function year(y: string): string {
  return y.length === 2 ? (Number(y) < 70 ? `20${y}` : `19${y}`) : y;
}

function hour12(h: string | undefined, ampm: string | undefined): string | undefined {
  if (!h || !ampm) return h;
  const n = Number(h) % 12;
  return String(ampm.toLowerCase() === 'pm' ? n + 12 : n);
}

/** Epoch milliseconds, or null when the string is not a date we can trust. */
export function parseFeedDate(raw: string | undefined | null, ctx: DateContext): number | null {
  const s = raw?.trim().replace(/\s+/g, ' ');
  if (!s || s.length > 100) return null;
  let m = ISO_LIKE.exec(s);
  if (m) return valid(build(m[1]!, m[2]!, m[3]!, m[4], m[5], m[6], m[7], zoneOrNaive(m[8], ctx)), m[8], ctx);
  m = RFC822_LIKE.exec(s);
  const rfcMonth = m ? MONTHS[m[2]!.slice(0, 3).toLowerCase()] : undefined;
  if (m && rfcMonth) {
    return valid(build(year(m[3]!), rfcMonth, m[1]!, m[4], m[5], m[6], m[7], zoneOrNaive(m[8], ctx)), m[8], ctx);
  }
  m = MONTH_FIRST.exec(s);
  const firstMonth = m ? MONTHS[m[1]!.slice(0, 3).toLowerCase()] : undefined;
  if (m && firstMonth) {
    return valid(
      build(m[3]!, firstMonth, m[2]!, hour12(m[4], m[7]), m[5], m[6], '', zoneOrNaive(m[8], ctx)),
      m[8],
      ctx,
    );
  }
  return null;
}

function zoneOrNaive(zone: string | undefined, ctx: DateContext): string | null {
  return zone ? offsetOf(zone, ctx) : ctx.naiveOffset;
}

function valid(t: number, zone: string | undefined, ctx: DateContext): number | null {
  if (zone && offsetOf(zone, ctx) === null) return null; // an unknown zone is not guessed at
  return Number.isFinite(t) ? t : null;
}

/**
 * The date an article is stored under: the feed's date when it has a sane one, clamped to "now"
 * when it lies in the future (feeds that schedule posts, or clocks off by a zone), and the
 * first-seen time when it is missing.
 */
export function effectivePublished(parsed: number | null, now: number): number {
  if (parsed === null || parsed < Date.UTC(1995, 0, 1)) return now;
  return Math.min(parsed, now);
}
