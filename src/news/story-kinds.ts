// What kind of news a headline reports, read off its wording: the event kinds (an arrest, a breach), the
// vulnerability classes (SQL injection, file read), or no event at all (an explainer, a round-up). Pure.

// Words of security news that are everywhere whatever the window's size: in a quiet deployment with 40 feeds
// "Microsoft" may appear twice in three days and look rare. Their weight is capped.
export const GENERIC_WORDS = new Set(
  `microsoft google apple amazon aws azure window linux android io macos chrome edge
  office outlook team defender cloud ai api vpn data attack attacker hacker security cyber cybersecurity threat
  vulnerability vulnerabilitie flaw bug exploit malware ransomware phishing breach patch update report research
  researcher user account password company firm government agency network system server service software app tool new
  warn warning critical high severity cve src
  漏洞 攻击 安全 网络 数据 黑客 风险 信息 系统 用户 威胁 恶意 软件 利用 修复 补丁 预警 通告 版本 影响 发布 公司 企业 技术 分析`.split(
    /\s+/,
  ),
);
// Event kinds as English word starts and Chinese words: "both report an arrest", across languages too. They
// say what happened, not to whom: shared alone they do not make two reports one event.
const EVENT_KINDS = [
  'ransom extort encrypt 勒索 赎金',
  'breach hack compromis intru leak stol theft expos exfiltrat 泄露 窃取 外泄 被盗 入侵',
  'outage disrupt offline shut paus divert disconnect cyberattack attack 中断 瘫痪 停机 暂停 下线',
  'arrest detain charg indict sentenc extradit police seiz takedown dismantl 逮捕 抓获 被捕 起诉 警方 查获 捣毁',
  'ddos denial-of-service 拒绝服务',
  'fine settl penalt sanction 罚款 和解 处罚 制裁',
  'phish scam fraud 钓鱼 诈骗 电诈',
];
const EVENT_OF = new Map(EVENT_KINDS.flatMap((ws, i) => ws.split(' ').map((w) => [w, i] as const)));
const EVENT_RE = new RegExp([...EVENT_OF.keys()].map((w) => (/^[a-z]/.test(w) ? `\\b${w}` : w)).join('|'), 'g');

/** Is the term an event-kind word (ransomware, ddos, 勒索): what happened, not to whom. */
export const isEventWord = (term: string) => {
  EVENT_RE.lastIndex = 0;
  const m = EVENT_RE.exec(term);
  EVENT_RE.lastIndex = 0;
  return m !== null && m.index === 0;
};

/** The event kinds a text reports, as a bitmask over EVENT_KINDS. */
export function eventKinds(text: string): number {
  let kinds = 0;
  for (const m of text.toLowerCase().matchAll(EVENT_RE)) kinds |= 1 << EVENT_OF.get(m[0])!;
  return kinds;
}

// Vulnerability classes. Two advisories for one product that name different classes are different
// disclosures (用友U9 file read and 用友U9 RCE, days apart). Code execution is what several classes lead to
// ("SQL 注入到 RCE", "目录穿越漏洞 (可导致远程代码执行)"), so it is compatible with those.
const FLAW_CLASSES = [
  String.raw`remote code execution|code execution|\brce\b|代码执行|命令执行|命令注入|command injection`,
  String.raw`sql ?injection|\bsqli\b|sql ?注入`,
  String.raw`file read|file download|文件读取|文件下载`,
  String.raw`file upload|文件上传`,
  String.raw`\bxss\b|cross-site scripting|跨站脚本`,
  String.raw`deseriali[sz]ation|反序列化`,
  String.raw`path traversal|directory traversal|目录穿越|路径穿越|目录遍历|路径遍历`,
  String.raw`\bssrf\b|server-side request forgery|请求伪造`,
  String.raw`\bxxe\b|xml external entit|外部实体`,
  String.raw`information disclosure|信息泄露|敏感信息`,
  String.raw`privilege escalation|elevation of privilege|权限提升|提权`,
  String.raw`authentication bypass|auth bypass|unauthori[sz]ed access|未授权|认证绕过|身份验证绕过|鉴权绕过`,
].map((p) => new RegExp(p, 'i'));
const CODE_EXECUTION = 1;
/** The classes that commonly end in code execution: injection, deserialisation, traversal, upload, auth bypass. */
const LEADS_TO_EXECUTION = (1 << 1) | (1 << 3) | (1 << 5) | (1 << 6) | (1 << 11);

/** The vulnerability classes a headline names, as a bitmask over FLAW_CLASSES. */
export function flawKinds(headline: string): number {
  return FLAW_CLASSES.reduce((bits, re, k) => (re.test(headline) ? bits | (1 << k) : bits), 0);
}

/** Both headlines name vulnerability classes, and no class of one is, or can lead to, a class of the other. */
export function differentFlaws(a: number, b: number): boolean {
  if (!a || !b || a & b) return false;
  const execution = (x: number, y: number) => x & CODE_EXECUTION && y & LEADS_TO_EXECUTION;
  return !execution(a, b) && !execution(b, a);
}

// Explainers, guides and seasonal advice share a topic's vocabulary with its news ("What is Cross-Site
// Scripting?" and an XSS bug in the KEV catalogue; five holiday-shopping tips posts) but report no event.
// Round-ups, newsletters and daily shows name several events and belong to none (../shared/realdata README);
// webinars, pentest write-ups and adverts report none.
const NO_EVENT = new RegExp(
  [
    String.raw`^(what['’]?s new|what (is|are)|how (to|do|does|can|you)|why|choosing)\b`,
    String.raw`^(\d+ (ways|tips|steps|things|reasons|best|questions)|top \d+)\b`,
    String.raw`\b(guide|checklist|explained|best practices|tips|101|lessons learned|wrap-up)\b`,
    String.raw`\b(week in review|weekly|newsletter|stormcast|podcast|episode|threat intelligence report)\b`,
    String.raw`\b(roundup|round-up|recap|this week in|digest|webinar)\b`,
    '如何|怎样|什么是|指南|教程|科普|入门|一文读懂|小知识|技巧|周报|周刊|日报|早报|晚报|汇总|合集|速递|每日|每周|一周|热点|简报|月报',
    // Write-ups of one's own pentest (记一次…) and adverts for courses, communities and bounty campaigns.
    '记一次|福利|权益|学员|招生|课程|报名|免费领|知识星球|知识库|训练营|公开课|抽奖|电子报|报刊',
    '；', // two stories in one Chinese headline: a digest
  ].join('|'),
  'i',
);

/** The headline reads as an explainer, advice or a round-up: it reports no one event. */
export const reportsNoEvent = (headline: string) => NO_EVENT.test(headline.replace(CITED_TITLE, ' ').trim());
// What 《》 encloses is a publication's or a document's title: 《华尔街日报》 is a newspaper, not a daily digest.
const CITED_TITLE = /《[^》]*》/g;

// A vendor's batch of fixes announced as one: Patch Tuesday, an Oracle CPU, 补丁日, "VMware 多个漏洞". The batch is
// one event however each outlet words it; its single advisories are other events (../shared/realdata README).
const BUNDLE = new RegExp(
  [
    String.raw`patch tuesday|critical patch update|security updates? (for|fix)|补丁日|周二补丁|多个(安全)?漏洞|多产品|多款产品`,
    // "CISA Adds Two Known Exploited Vulnerabilities to Catalog" (one added CVE joins that CVE's event instead)
    String.raw`adds (two|three|four|five|six|seven|eight|nine|ten|\d+) known exploited`,
  ].join('|'),
  'i',
);

/** The headline announces a vendor's batch of fixes rather than one vulnerability. */
export const announcesBundle = (headline: string) => BUNDLE.test(headline);
