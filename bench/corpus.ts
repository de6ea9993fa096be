// Deterministic synthetic security news for the bench: a seeded PRNG and word lists shaped
// like the real feeds (a few very common topic words, a long Zipf tail, CVE IDs, vendor names,
// Chinese text with Latin names inside it). Same seed → byte-identical corpus on every run.

/** mulberry32: tiny, fast and good enough to spread words; the point is determinism. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  /** Zipf-ish rank in [0, n): rank 0 is the most frequent. */
  zipf(n: number): number {
    return Math.min(n - 1, Math.floor(Math.exp(this.next() * Math.log(n + 1))) - 1);
  }
}

const EN_FUNCTION = (
  'the a of to and in is for on that with by as an this from has was are it be have its at or which were ' +
  'new been not but said also after could more than their can other all into they used such these over about ' +
  'while last week company users according report security attack'
).split(' ');

/** Topic → words that show up when an article is about it; drives document frequencies. */
const EN_TOPICS: Record<string, string[]> = {
  ransomware: [
    'ransomware',
    'encryption',
    'extortion',
    'ransom',
    'LockBit',
    'BlackCat',
    'leak',
    'site',
    'affiliate',
    'negotiation',
  ],
  vulnerability: [
    'vulnerability',
    'patch',
    'critical',
    'flaw',
    'remote',
    'code',
    'execution',
    'exploit',
    'update',
    'advisory',
  ],
  breach: ['breach', 'data', 'customers', 'stolen', 'records', 'exposed', 'notification', 'investigation', 'lawsuit'],
  phishing: ['phishing', 'credentials', 'email', 'login', 'MFA', 'lure', 'domain', 'impersonating', 'victims'],
  apt: ['espionage', 'state', 'sponsored', 'APT28', 'Lazarus', 'Volt', 'Typhoon', 'backdoor', 'implant', 'intrusion'],
  malware: [
    'malware',
    'stealer',
    'loader',
    'botnet',
    'trojan',
    'payload',
    'infection',
    'command',
    'control',
    'Android',
  ],
  policy: ['CISA', 'agency', 'sanctions', 'arrest', 'police', 'law', 'regulation', 'Congress', 'court', 'Europol'],
  // A company in the news once in a while: its name shows up only in articles about it.
  casio: ['Casio', 'Casio', 'Casio', 'watch', 'Japanese', 'electronics', 'Sony'],
};
// Most frequent first (picked by Zipf rank).
const EN_VENDORS = [
  'Microsoft',
  'Google',
  'Linux',
  'Windows',
  'Apple',
  'Chrome',
  'Cisco',
  'Fortinet',
  'Ivanti',
  'Citrix',
  'VMware',
  'Oracle',
  'SAP',
];
const EN_PHRASES = [
  'threat actors',
  'remote code execution',
  'data breach',
  'zero-day vulnerability',
  'proof of concept',
  'privilege escalation',
  'supply chain attack',
];
/** English terms that Chinese articles keep untranslated. */
const EN_IN_ZH = ['LockBit', 'ransomware', 'APT28', 'zero-day', 'Lazarus', 'PoC', 'RCE', 'phishing'];

const ZH_FUNCTION = [
  '的',
  '了',
  '在',
  '是',
  '和',
  '对',
  '与',
  '已',
  '将',
  '被',
  '该',
  '其',
  '及',
  '等',
  '中',
  '这',
  '为',
  '并',
  '于',
  '已经',
  '可能',
  '目前',
  '近日',
  '表示',
];
const ZH_TOPICS: Record<string, string[]> = {
  ransomware: ['勒索', '勒索软件', '赎金', '加密', '勒索团伙', '数据泄露', '暗网', '敲诈勒索'],
  vulnerability: ['漏洞', '高危漏洞', '远程代码执行', '补丁', '修复', '利用', '零日漏洞', '安全更新', '漏洞利用'],
  breach: ['数据', '泄露', '用户信息', '个人信息', '窃取', '数据库', '事件', '调查'],
  phishing: ['钓鱼', '邮件', '钓鱼邮件', '凭证', '账号', '诈骗', '仿冒'],
  apt: ['间谍', '黑客组织', '情报', '国家级', '后门', '入侵', '攻击活动'],
  malware: ['恶意软件', '木马', '僵尸网络', '病毒', '感染', '载荷', '安卓'],
  policy: ['监管', '法规', '网信办', '执法', '逮捕', '制裁', '政府'],
  casio: ['卡西欧', '卡西欧', '卡西欧', '日本', '电子', '手表', 'Casio'],
};
const ZH_NAMES = ['微软', '谷歌', '苹果', '华为', '腾讯', '思科', '阿里云', '奇安信', '西欧', '索尼'];
const ZH_CHARS =
  '安全网络攻击系统服务数据技术信息研究发现影响版本用户企业组织平台应用软件硬件设备云端终端防护检测响应能力风险威胁情报分析报告事件管理控制访问权限认证密码加密协议接口模块组件配置代码执行远程本地文件目录进程内存';

/** A long tail of rare words, so the vocabulary is as wide as a real archive's. */
function buildTail(n: number, make: () => string): string[] {
  const seen = new Set<string>();
  while (seen.size < n) seen.add(make());
  return [...seen];
}

const SYL = [
  'ka',
  'lo',
  'ven',
  'tri',
  'mor',
  'zel',
  'qua',
  'dex',
  'bri',
  'sol',
  'nar',
  'vik',
  'tor',
  'pel',
  'gru',
  'fen',
  'hal',
  'jor',
  'wyn',
  'cus',
];
const tailRng = new Rng(7);
export const EN_TAIL = buildTail(30_000, () => {
  let w = '';
  for (let i = 2 + tailRng.int(3); i > 0; i--) w += tailRng.pick(SYL);
  return w;
});
export const ZH_TAIL = buildTail(8_000, () => {
  let w = '';
  for (let i = 2 + tailRng.int(2); i > 0; i--) w += ZH_CHARS[tailRng.int(ZH_CHARS.length)];
  return w;
});

export const TOPICS = Object.keys(EN_TOPICS);
/** Topic probabilities per article: ransomware ~12 %, vulnerability ~20 % of the archive. */
const TOPIC_WEIGHTS: Array<[string, number]> = [
  ['vulnerability', 0.2],
  ['ransomware', 0.12],
  ['breach', 0.1],
  ['phishing', 0.08],
  ['apt', 0.07],
  ['malware', 0.1],
  ['policy', 0.06],
  ['casio', 0.004],
];

export function pickTopics(rng: Rng): string[] {
  const out = TOPIC_WEIGHTS.filter(([, p]) => rng.chance(p)).map(([t]) => t);
  return out.length ? out : ['misc'];
}

export function cveId(rng: Rng): string {
  return `CVE-${2021 + rng.int(5)}-${String(1000 + rng.zipf(60_000)).padStart(4, '0')}`;
}

function enWord(rng: Rng, topics: string[]): string {
  const r = rng.next();
  if (r < 0.42) return rng.pick(EN_FUNCTION);
  if (r < 0.62) {
    const t = rng.pick(topics);
    return t === 'misc' ? rng.pick(EN_FUNCTION) : rng.pick(EN_TOPICS[t]!);
  }
  if (r < 0.625) return EN_VENDORS[rng.zipf(EN_VENDORS.length)]!;
  if (r < 0.6265) return EN_PHRASES[rng.zipf(EN_PHRASES.length)]!;
  return EN_TAIL[rng.zipf(EN_TAIL.length)]!;
}

export function enSentence(rng: Rng, topics: string[], words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(enWord(rng, topics));
  if (rng.chance(0.025)) out.splice(rng.int(out.length), 0, cveId(rng));
  const s = out.join(' ');
  return `${s[0]!.toUpperCase()}${s.slice(1)}.`;
}

function zhWord(rng: Rng, topics: string[]): string {
  const r = rng.next();
  if (r < 0.35) return rng.pick(ZH_FUNCTION);
  if (r < 0.57) {
    const t = rng.pick(topics);
    return t === 'misc' ? rng.pick(ZH_FUNCTION) : rng.pick(ZH_TOPICS[t]!);
  }
  if (r < 0.6) return ZH_NAMES[rng.zipf(ZH_NAMES.length)]!;
  if (r < 0.605) return EN_VENDORS[rng.zipf(EN_VENDORS.length)]!; // Latin names inside Chinese text
  if (r < 0.607) return rng.pick(EN_IN_ZH);
  return ZH_TAIL[rng.zipf(ZH_TAIL.length)]!;
}

export function zhSentence(rng: Rng, topics: string[], words: number): string {
  let s = '';
  for (let i = 0; i < words; i++) {
    const w = zhWord(rng, topics);
    s += /^[A-Za-z]/.test(w) ? ` ${w} ` : w;
    if (i > 0 && i % 9 === 0 && i < words - 1) s += '，';
  }
  if (rng.chance(0.03)) s += `（${cveId(rng)}）`;
  return `${s}。`;
}

/** Plain text of about `chars` characters in the article's language. */
export function paragraph(rng: Rng, lang: 'en' | 'zh', topics: string[], chars: number): string {
  const parts: string[] = [];
  let length = 0;
  while (length < chars) {
    const s = lang === 'en' ? enSentence(rng, topics, 8 + rng.int(14)) : zhSentence(rng, topics, 8 + rng.int(16));
    parts.push(s);
    length += s.length + 1;
  }
  return parts.join(lang === 'en' ? ' ' : '');
}

export function title(rng: Rng, lang: 'en' | 'zh', topics: string[]): string {
  const s = lang === 'en' ? enSentence(rng, topics, 6 + rng.int(8)) : zhSentence(rng, topics, 6 + rng.int(8));
  return s.slice(0, -1);
}

export const FEED_NAMES_EN = [
  'The Record',
  'BleepingComputer',
  'The Hacker News',
  'Krebs on Security',
  'SecurityWeek',
  'Dark Reading',
  'Schneier on Security',
  'Help Net Security',
  'Security Affairs',
  'CyberScoop',
  'Infosecurity Magazine',
  'The Register - Security',
  'TechCrunch - Security',
  'CISA Advisories',
  'Cisco Talos',
  'Unit 42',
  'Securelist',
];
export const FEED_NAMES_ZH = [
  '安全内参',
  'FreeBuf',
  '嘶吼 RoarTalk',
  '安全客',
  'SecWiki News',
  '安全牛',
  'CNCERT风险评估',
  'CNVD漏洞平台',
  '奇安信CERT',
  '先知安全技术社区',
];
