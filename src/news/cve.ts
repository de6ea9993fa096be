// CVE identifiers in free text. Pure. Feeds write them as CVE-2024-3400, cve-2024-3400 or
// CVE‑2024‑3400 with non-ASCII dashes; all come out as CVE-2024-3400.
const CVE = /\bCVE[-‐‑‒–—_ ](\d{4})[-‐‑‒–—_ ](\d{4,7})\b/gi;

export function extractCves(text: string): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(CVE)) found.add(`CVE-${m[1]}-${m[2]}`);
  return [...found];
}

const CVE_ID = /^(?:CVE[-‐‑‒–—_ ])?(\d{4})[-‐‑‒–—_ ](\d{4,7})$/i;

/** What a person typed after /cve or `secbrief cve` ('cve-2024-3400', '2024-3400') → CVE-2024-3400, or null. */
export function parseCveId(text: string): string | null {
  const m = CVE_ID.exec(text.trim());
  return m ? `CVE-${m[1]}-${m[2]}` : null;
}
