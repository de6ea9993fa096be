// Every inline button's callback data, in one table beside the command list (dispatch.ts): for each
// format a builder and a parser. The wire formats are the ones buttons were always sent with, since
// buttons already sitting in chats must keep working: `set:<field>:<value>` and `s:<searchId>:<offset>`.
// Parsing is strict and never throws: anything else is an expired or forged button (null).
import { fitsCallbackData } from '../format/payload.js';

/** The settings a button can change (the typed /settings sub-commands are parsed in settings.ts). */
export const SETTING_FIELDS = ['time', 'tz', 'mode', 'langs', 'topic', 'quiet', 'ui', 'weekly'] as const;
export type SettingField = (typeof SETTING_FIELDS)[number];

export type Callback =
  { kind: 'setting'; field: SettingField; value: string } | { kind: 'searchPage'; searchId: number; offset: number };

type Of<K extends Callback['kind']> = Extract<Callback, { kind: K }>;
export type SettingCallback = Of<'setting'>;
export type SearchPageCallback = Of<'searchPage'>;

const isSettingField = (s: string): s is SettingField => (SETTING_FIELDS as readonly string[]).includes(s);

// A builder whose data Telegram would refuse, or that its parser would call expired, is a bug in the
// caller: better a loud error when the keyboard is built than a button that never works.
function checked<K extends Callback['kind']>(data: string, parse: (data: string) => Of<K> | null): string {
  if (!fitsCallbackData(data) || !parse(data)) throw new Error(`callback data that would not parse back: ${data}`);
  return data;
}

const SETTING = /^set:(\w+):(.{1,48})$/;
const SEARCH_PAGE = /^s:(\d{1,12}):(\d{1,4})$/;

function readSetting(data: string): Of<'setting'> | null {
  const m = SETTING.exec(data);
  return m && isSettingField(m[1]!) ? { kind: 'setting', field: m[1], value: m[2]! } : null;
}

function readSearchPage(data: string): Of<'searchPage'> | null {
  const m = SEARCH_PAGE.exec(data);
  return m ? { kind: 'searchPage', searchId: Number(m[1]), offset: Number(m[2]) } : null;
}

export const CALLBACKS = {
  /** A /settings button: set `field` to `value`. */
  setting: {
    build: (field: SettingField, value: string): string => checked(`set:${field}:${value}`, readSetting),
    parse: readSetting,
  },
  /** "More ›" under search results: the page at `offset` of saved search `searchId`. */
  searchPage: {
    build: (searchId: number, offset: number): string => checked(`s:${searchId}:${offset}`, readSearchPage),
    parse: readSearchPage,
  },
} as const satisfies {
  [K in Callback['kind']]: { build: (...args: never[]) => string; parse: (data: string) => Of<K> | null };
};

/** What a pressed button asks for, or null for data no format reads (expired, forged, over 64 bytes). */
export function parseCallback(data: string): Callback | null {
  if (!fitsCallbackData(data)) return null;
  for (const format of Object.values(CALLBACKS)) {
    const callback = format.parse(data);
    if (callback) return callback;
  }
  return null;
}
