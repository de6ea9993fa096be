// The search bench's query mix: what people type into /search, through the real parser.
// Common and rare words, Chinese words, phrases, OR, -exclude, prefix*, and every filter.
import { EN_TAIL, ZH_TAIL } from './corpus.js';

export const QUERIES: readonly string[] = [
  // common English words (vulnerability is in ~13 % of articles, attack in ~40 %)
  'ransomware',
  'vulnerability',
  'attack',
  'malware',
  'phishing credentials',
  'microsoft patch',
  'casio',
  'Casio ransomware',
  // rare and absent words
  EN_TAIL[300]!,
  EN_TAIL[15_000]!,
  EN_TAIL[29_000]!,
  'xylophone',
  // Chinese words, including the two-character ones a dictionary segmenter can split wrongly
  '勒索',
  '漏洞',
  '卡西欧',
  '勒索软件',
  '数据泄露',
  '卡西欧 勒索',
  ZH_TAIL[4_000]!,
  // phrases
  '"remote code execution"',
  '"supply chain attack"',
  '"远程代码执行"',
  'zero-day',
  'CVE-2024-1000',
  // OR and exclusion
  'lockbit OR blackcat',
  '勒索 OR ransomware',
  'ransomware -lockbit',
  '漏洞 -微软',
  // prefixes
  'ransom*',
  'vuln*',
  'explo*',
  // filters
  'lang:zh ransomware',
  'lang:en casio',
  'lang:zh 漏洞',
  'since:7d vulnerability',
  'since:30d 勒索',
  'since:7d',
  'cve:CVE-2024-1000',
  'cve:CVE-2023-1234',
  'source:krebs ransomware',
  'source:freebuf 漏洞',
  'lang:en since:30d ransomware -lockbit',
];
