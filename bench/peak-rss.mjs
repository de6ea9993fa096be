// This process's peak RSS in MB. On Linux from VmHWM in /proc/self/status: ru_maxrss
// (process.resourceUsage().maxRSS) survives exec, so a child spawned by a big parent would report
// the parent's size. Elsewhere, ru_maxrss.
import { readFileSync } from 'node:fs';

export function peakRssMb() {
  try {
    const kb = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (kb) return Math.round(Number(kb) / 1024);
  } catch {
    // not Linux
  }
  return Math.round(process.resourceUsage().maxRSS / 1024);
}
