// Pure topic classification of a headline + summary with weighted EN and ZH lexicons.
//
// Why lexicons and not a trained model: the feeds are a few dozen security outlets whose
// vocabulary is narrow and stable, the result has to be explainable to a reader who asks "why is
// this under ransomware?", and it must run per article in microseconds inside digest building.
import { TOPIC_KEYS, type Topic } from './article.js';
import { containsCjk } from './text.js';

/**
 * How much a story of each topic matters when ranking a digest. Ransomware, exploited
 * vulnerabilities and state actors are what readers act on the same day; policy and business
 * news can wait, so they only lead a digest on a quiet day.
 */
export const TOPIC_WEIGHT: Record<Topic, number> = {
  ransomware: 1.0,
  vuln: 1.0,
  apt: 0.9,
  breach: 0.85,
  advisory: 0.75,
  malware: 0.7,
  policy: 0.55,
  other: 0.3,
};

// Each entry: weight → regex fragments (no capturing groups). 3 = decisive on its own, 2 =
// indicative, 1 = only helps other evidence. English fragments are matched case-insensitively on
// Latin word boundaries; Chinese ones as substrings (Chinese has no spaces to bound words by).
type Lexicon = Partial<Record<Topic, Partial<Record<1 | 2 | 3 | 4, string[]>>>>;

const EN: Lexicon = {
  ransomware: {
    3: [
      'ransomware',
      'ransom(?:s|ed)?',
      'extort(?:s|ed|ing|ion(?:ist)?s?)?',
      'decryptors?',
      '(?:data )?leak sites?',
      'lockbit',
      'blackcat',
      'alphv',
      'cl0p',
      'clop',
      'akira',
      'black ?basta',
      'rhysida',
      'qilin',
      'blacksuit',
      '8base',
      'ransomhub',
      'conti',
      'revil',
      'ryuk',
      'bianlian',
      'darkside',
      'babuk',
      'wannacry',
      'medusalocker',
      'demand(?:s|ed|ing)? (?:a )?payment',
    ],
    1: ['encrypted (?:files|systems|servers|data)', 'claimed (?:responsibility|the attack)', 'knocked offline'],
  },
  vuln: {
    3: [
      'vulnerabilit(?:y|ies)',
      'zero-?days?',
      '0-?days?',
      'exploit(?:s|ed|ing|ation|able)?',
      'proof-of-concept',
      'poc',
      'rce',
      'remote code execution',
      'privilege escalation',
      'auth(?:entication)? bypass',
      'sql injection',
      'xss',
      'cross-site scripting',
      'buffer overflow',
      'use-after-free',
      'memory corruption',
      'command injection',
      'path traversal',
      'deserialization',
      'flaws?',
      'sandbox escape',
      'pwn2own',
      'bug bount(?:y|ies)',
      'arbitrary code',
      'security (?:bug|hole)s?',
      'prompt injection',
    ],
    2: ['bugs?', 'unpatched', 'cvss', 'in the wild', 'cve-\\d{4}-\\d{4,7}', 'weakness(?:es)?'],
    1: ['vulnerable', 'researchers? (?:finds?|found|discover(?:s|ed)?|disclose[sd]?)'],
  },
  breach: {
    3: [
      'data breach(?:es)?',
      'breach(?:es|ed)?',
      'data leaks?',
      'leak(?:s|ed)?',
      'exposed (?:database|data|records|servers?|buckets?)',
      'stolen data',
      'data theft',
      'exfiltrat(?:ed|ion)',
      'misconfigured (?:database|server|bucket)s?',
      'pii',
      'personal (?:data|information|details)',
      'customer (?:data|records|information)',
    ],
    2: [
      'records',
      'social security numbers',
      'sensitive (?:data|information)',
      'unauthori[sz]ed access',
      'notif(?:y|ies|ied) (?:customers|users|individuals|patients)',
      'million (?:users|customers|people|patients|accounts)',
      'compromised (?:accounts|data|credentials)',
      'credentials? (?:leaked|stolen|exposed)',
      'doxx(?:ed|ing)?',
    ],
    1: ['hack(?:ed)?', 'stolen', 'exposed'],
  },
  malware: {
    3: [
      'malware',
      'trojan(?:s|ized)?',
      '(?:info)?stealers?',
      'backdoor(?:s|ed)?',
      'botnets?',
      'spyware',
      'rootkits?',
      'loaders?',
      'rats?',
      'phishing',
      'smishing',
      'vishing',
      'malvertising',
      'keyloggers?',
      'cryptominers?',
      'cryptojacking',
      'wipers?',
      'worms?',
      'malicious (?:packages?|extensions?|apps?|npm|pypi|ads|code|updates?)',
      'typosquat(?:ting|ted)?',
      'clickfix',
      'fake captcha',
      'lumma(?:c2)?',
      'redline',
      'qakbot',
      'emotet',
      'icedid',
      'vidar',
      'agent tesla',
      'asyncrat',
      'remcos',
      'mirai',
      'socgholish',
      'drainers?',
    ],
    2: [
      'scam(?:s|mers)?',
      'supply[- ]chain attack',
      'droppers?',
      'downloaders?',
      'ddos',
      'fake (?:apps?|updates?|installers?|sites?)',
      'lures?',
      'payloads?',
      'infections?',
      'infected',
      'credential theft',
    ],
    1: ['fraud', 'campaign', 'c2', 'command-and-control'],
  },
  apt: {
    3: [
      'apt[- ]?\\d+',
      'apt-c-\\d+',
      'nation-state',
      'state-(?:sponsored|backed|linked|aligned)',
      'government-backed',
      '(?:cyber-?)?espionage',
      'cyber ?spies',
      'lazarus',
      'kimsuky',
      'andariel',
      'sandworm',
      'fancy bear',
      'cozy bear',
      'turla',
      'gamaredon',
      'midnight blizzard',
      '\\w+ (?:typhoon|blizzard|sleet|sandstorm)',
      'unc\\d{3,4}',
      'mustang panda',
      'charming kitten',
      'muddywater',
      'oilrig',
      'scarcruft',
      'sidewinder',
      'patchwork',
      'volt typhoon',
      'china-(?:nexus|linked|backed)',
      '(?:russia|iran|north korea|china)-(?:linked|backed|aligned)',
      '(?:north korean|chinese|russian|iranian) (?:hackers|threat actors|apt|spies|state|it workers|military)',
      'gru',
    ],
    2: ['spy(?:ing)? on'],
    1: [
      'hacktivists?',
      'critical infrastructure',
      'government (?:agencies|networks|entities)',
      'intelligence',
      'military',
    ],
  },
  policy: {
    // Not bare "fine" ("fine-tuned"); "bill" only as a hint below (Bill is a name).
    3: [
      'laws?',
      'legislation',
      'regulations?',
      'regulators?',
      'sanction(?:s|ed)?',
      'fined',
      'fines',
      '(?:a|the|record) fine',
      'gdpr',
      'nis2',
      'executive order',
      'congress',
      'senate',
      'parliament',
      'lawmakers',
      '(?:ai|cyber resilience|data) act',
      'arrest(?:s|ed)?',
      'charge[sd]',
      'indict(?:ed|ment)',
      'sentenc(?:e|ed|ing)',
      'extradit(?:ed|ion)',
      'plead(?:s|ed)? guilty',
      'pleads',
      'prison',
      'convicted',
      'lawsuit',
      'sued',
      'court',
      'ban(?:s|ned)?',
      'mandates?',
      'ruling',
      'class action',
      'settle(?:s|d|ment)',
      'justice department',
      'doj',
      'europol',
      'takedown',
      'seiz(?:e|ed|es|ure)',
      'dismantl(?:e|ed|es)',
      'polic(?:y|ies)',
      'directive',
      'ftc',
      'fcc',
    ],
    2: ['compliance', 'sec', 'privacy', 'rules?', 'proposal'],
    // Being about a government is not being about policy ("attacks hit government agencies").
    1: ['bills?', 'fbi', 'police', 'authorities', 'ministry', 'government'],
  },
  advisory: {
    4: [
      'patch(?:es|ed|ing)?',
      'fix(?:es|ed)?',
      'security updates?',
      'patch tuesday',
      'hotfix(?:es)?',
      'advisor(?:y|ies)',
      'security bulletins?',
      'kev',
      'known exploited vulnerabilities',
      'update now',
      'emergency update',
      'out-of-band',
      'urge[sd]? (?:users|customers|admins|organi[sz]ations)',
    ],
    2: ['updates?', 'upgrade', 'mitigations?', 'workarounds?', 'firmware', 'cisa', 'releases?', 'addresses'],
  },
  other: {
    4: [
      'raise[sd]? [$€£]',
      'funding',
      'series [a-e]',
      'seed round',
      'acqui(?:re|res|red|sition)s?',
      'merger',
      'ipo',
      'valuation',
      'conference',
      'summit',
      'black hat',
      'def ?con',
      'rsac',
      'webinar',
      'layoffs',
    ],
    2: [
      'launch(?:es|ed)?',
      'unveil(?:s|ed)?',
      'announces',
      'partnership',
      'partners with',
      'appoints',
      'hires',
      'awards?',
      'survey',
      'startup',
      'earnings',
      'revenue',
      'general availability',
      'new (?:ceo|ciso|cto)',
    ],
    1: ['report', 'platform', 'market', 'ai'],
  },
};

const ZH: Lexicon = {
  ransomware: {
    3: ['勒索', '赎金', '敲诈', '解密器', '加密勒索', '要求.{0,6}(?:付款|支付)', '威胁(?:要)?公开'],
    1: ['文件被加密', '被加密'],
  },
  vuln: {
    3: [
      '漏洞',
      '零日',
      '0day',
      '远程代码执行',
      '代码执行',
      '提权',
      '权限提升',
      '绕过',
      '注入',
      '溢出',
      '越界',
      '漏洞利用',
      '利用代码',
      '在野',
      '提示注入',
    ],
    1: ['缺陷', '研究人员发现', '利用'],
  },
  breach: {
    3: [
      '数据泄露',
      '泄露',
      '泄漏',
      '外泄',
      '拖库',
      '脱库',
      '数据库暴露',
      '信息泄露',
      '(?:客户|用户)(?:数据|资料|信息)',
    ],
    2: [
      '个人信息',
      '被盗',
      '遭窃',
      '暴露',
      '万条',
      '万(?:名)?(?:用户|客户|会员|患者)',
      '(?:非法|未经授权(?:的)?)访问',
      '撞库',
      '窃取.{0,4}数据',
      '敏感数据',
    ],
  },
  malware: {
    3: [
      '恶意软件',
      '木马',
      '钓鱼',
      '僵尸网络',
      '窃密',
      '挖矿',
      '间谍软件',
      '恶意程序',
      '恶意代码',
      '蠕虫',
      '远控',
      '投毒',
      '恶意包',
      '恶意扩展',
      '信息窃取',
      '后门',
    ],
    2: ['病毒', '诈骗', '仿冒', '恶意'],
  },
  apt: {
    3: [
      '国家级',
      '国家支持',
      '国家背景',
      '网络间谍',
      '间谍活动',
      '海莲花',
      '蔓灵花',
      '响尾蛇',
      '摩诃草',
      '拉撒路',
      '毒云藤',
      '白象',
      '高级持续性威胁',
      '资通电军',
      '情报机构',
      '国家安全局',
      '境外.{0,4}(?:黑客|组织|情报)',
      '(?:朝鲜|俄罗斯|伊朗)(?:黑客|IT工作者|政府支持)',
    ],
    2: ['定向攻击', '间谍', '境外'],
    1: ['黑客组织', '关键基础设施'],
  },
  policy: {
    3: [
      '法律',
      '法规',
      '条例',
      '监管',
      '处罚',
      '罚款',
      '立法',
      '法案',
      '网信办',
      '逮捕',
      '判处',
      '判刑',
      '起诉',
      '获刑',
      '抓获',
      '落网',
      '制裁',
      '政策',
      '征求意见稿',
      '执法',
      '侦破',
      '被捕',
      '个人信息保护法',
      '数据安全法',
      '网络安全法',
      '管理办法',
      '规定',
      '国家标准',
      '审查',
      '引渡',
      '法院',
      '裁定',
      '捣毁',
      '指控',
    ],
    2: ['禁止', '司法部', '合规', '公安', '工信部', '等保', '标准', '指南', '部门'],
  },
  advisory: {
    4: ['补丁', '修复', '安全更新', '已知被利用漏洞', '安全公告', '通告', '预警', '紧急更新', '升级到', '更新至'],
    2: ['更新', '升级', '缓解措施', '建议用户'],
  },
  other: {
    4: ['融资', '收购', '并购', '大会', '峰会', '营收', '财报', '任命', '战略合作', '开幕', '年会', '估值'],
    2: [
      '论坛',
      '发布会',
      '亮相',
      '上市',
      '推出',
      '白皮书',
      '合作',
      '签约',
      '招聘',
      '获奖',
      '入选',
      '评选',
      '排名',
      '产品',
    ],
    1: ['报告', '平台'],
  },
};

interface CompiledTopic {
  topic: Topic;
  re: RegExp;
  weights: number[]; // by capture group, 1-based
}

// One alternation per topic with a capture group per term: a single scan finds every term, and
// the group index says which. Longer terms first, so "data breach" wins over "breach".
function compile(lexicon: Lexicon, bounded: boolean): CompiledTopic[] {
  return TOPIC_KEYS.map((topic) => {
    const terms = Object.entries(lexicon[topic] ?? {}).flatMap(([w, list]) =>
      list.map((src) => ({ src, w: Number(w) })),
    );
    terms.sort((a, b) => b.src.length - a.src.length);
    const body = terms.map((t) => `(${t.src})`).join('|') || '(?!)';
    const source = bounded ? `(?<![\\p{Script=Latin}\\p{N}])(?:${body})(?![\\p{Script=Latin}\\p{N}])` : body;
    return { topic, re: new RegExp(source, 'giu'), weights: [0, ...terms.map((t) => t.w)] };
  });
}

const COMPILED_EN = compile(EN, true);
const COMPILED_ZH = compile(ZH, false);

/** A title hit counts this many times a summary hit: headlines name what the story is about. */
export const TITLE_FACTOR = 2;
/** Below this a topic is noise: one decisive term in the summary, or an indicative one in the title. */
export const TOPIC_THRESHOLD = 3;
// Ties go to the more specific topic: "ransomware attack leaks data" is a ransomware story.
const PRECEDENCE: Topic[] = ['ransomware', 'apt', 'breach', 'vuln', 'advisory', 'malware', 'policy', 'other'];

// A framing topic names what a story is about while the framed topic's words are its detail: a
// patch story always describes the bug it fixes, a ransomware story the data it stole, a state
// actor's campaign its malware and exploits, a fine or a law the breach or malware behind it.
// So the framing topic leads once it has at least FRAME_RATIO of the framed topic's score.
// Policy does not frame ransomware: readers who follow ransomware want its gangs' arrests.
const FRAMES: Partial<Record<Topic, Topic[]>> = {
  advisory: ['vuln'],
  ransomware: ['breach'],
  apt: ['malware', 'vuln'],
  policy: ['breach', 'malware', 'vuln'],
};
export const FRAME_RATIO = 0.5;

function framedPrimary(ranked: Topic[], scores: Record<Topic, number>): Topic | undefined {
  let primary = ranked[0];
  // The relation is acyclic, so this settles within a few steps.
  for (let changed = true; changed && primary;) {
    changed = false;
    for (const framer of ranked) {
      const p = primary as Topic;
      if (FRAMES[framer]?.includes(p) && scores[framer] >= FRAME_RATIO * scores[p]) {
        primary = framer;
        changed = true;
        break;
      }
    }
  }
  return primary;
}

/**
 * Weights of the distinct terms of `c` found in `text`, strongest first, each further term
 * counting half the one before: "exploited zero-day flaw" is one idea said three ways, and a
 * plain sum would let a piled-up headline outvote what the story is about.
 */
function termScore(c: CompiledTopic, text: string): number {
  const seen = new Set<number>();
  for (const m of text.matchAll(c.re)) {
    const group = m.findIndex((g, i) => i > 0 && g !== undefined);
    if (group > 0) seen.add(group);
  }
  const weights = [...seen].map((g) => c.weights[g] ?? 0).sort((a, b) => b - a);
  return weights.reduce((sum, w, i) => sum + w / 2 ** i, 0);
}

export interface TopicResult {
  primary: Topic;
  topics: Topic[];
  scores: Record<Topic, number>;
}

/**
 * Topics of a story. `language` is accepted for callers' symmetry but not needed: both lexicons
 * always run (the Chinese one only on text with CJK), since Chinese reports carry Latin names
 * such as LockBit or APT28.
 */
export function classifyTopics(doc: { title: string; summary: string; language?: string }): TopicResult {
  const scores = Object.fromEntries(TOPIC_KEYS.map((t) => [t, 0])) as Record<Topic, number>;
  const fields: Array<[string, number]> = [
    [doc.title, TITLE_FACTOR],
    [doc.summary, 1],
  ];
  for (const [text, factor] of fields) {
    if (!text) continue;
    const lexicons = containsCjk(text) ? [COMPILED_EN, COMPILED_ZH] : [COMPILED_EN];
    for (const compiled of lexicons) for (const c of compiled) scores[c.topic] += factor * termScore(c, text);
  }
  const ranked = PRECEDENCE.filter((t) => scores[t] >= TOPIC_THRESHOLD).sort((a, b) => scores[b] - scores[a]);
  const primary = framedPrimary(ranked, scores) ?? 'other';
  const topics = ranked.length ? [primary, ...ranked.filter((t) => t !== primary)] : ['other' as const];
  return { primary, topics, scores };
}

export interface TopicMetrics {
  perTopic: Record<Topic, { precision: number; recall: number; f1: number; support: number }>;
  macroF1: number;
  accuracy: number;
}

/** Precision/recall/F1 of the primary topic against labels (the eval script and tests share it). */
export function evaluateTopics(
  items: ReadonlyArray<{ title: string; summary: string; language?: string; topic: Topic }>,
): TopicMetrics {
  const tp = new Map<Topic, number>();
  const predicted = new Map<Topic, number>();
  const actual = new Map<Topic, number>();
  const inc = (m: Map<Topic, number>, t: Topic) => m.set(t, (m.get(t) ?? 0) + 1);
  for (const item of items) {
    const got = classifyTopics(item).primary;
    inc(predicted, got);
    inc(actual, item.topic);
    if (got === item.topic) inc(tp, got);
  }
  const perTopic = {} as TopicMetrics['perTopic'];
  for (const t of TOPIC_KEYS) {
    const hit = tp.get(t) ?? 0;
    // An empty denominator means no claim was made (or nothing to find): counted as 0, not 1,
    // so a topic the set forgot to cover shows up as a failure.
    const precision = predicted.get(t) ? hit / predicted.get(t)! : 0;
    const recall = actual.get(t) ? hit / actual.get(t)! : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    perTopic[t] = { precision, recall, f1, support: actual.get(t) ?? 0 };
  }
  const macroF1 = TOPIC_KEYS.reduce((s, t) => s + perTopic[t].f1, 0) / TOPIC_KEYS.length;
  const accuracy = items.length ? [...tp.values()].reduce((a, b) => a + b, 0) / items.length : 0;
  return { perTopic, macroF1, accuracy };
}
