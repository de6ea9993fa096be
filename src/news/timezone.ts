// IANA time zone checks. Pure (ICU data only).

/** True for names Intl accepts (IANA zones and their aliases, e.g. Asia/Shanghai, UTC). */
export function isValidTimezone(tz: string): boolean {
  if (!tz || tz.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
