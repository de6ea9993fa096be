// Every user-facing string, in English and Chinese. Pure. The strings are Telegram HTML (constant
// markup). `tHtml` fills {name} placeholders escaping every parameter that is not SafeHtml, for
// messages; `t` fills them verbatim, for plain text (toasts) and callers not yet converted.
import { html, raw, type HtmlValue, type SafeHtml } from './html.js';
import { TOPIC_KEYS, type Topic } from '../news/article.js';

export type UiLanguage = 'en' | 'zh';

const en = {
  welcome:
    '<b>secbrief</b> — security news from {feeds} English and Chinese sources.\n\n' +
    'This chat is subscribed: a digest arrives daily at <b>{time}</b> ({tz}). ' +
    'Only news from now on is sent — no flood of old items. The archive is searchable right away.\n\n' +
    'Try <code>/search ransomware</code>, <code>/search 勒索</code>, ' +
    '<code>/cve CVE-2024-3400</code> or <code>/watch casio</code>. /settings changes time, languages and topics; ' +
    '/help lists everything.',
  alreadySubscribed: 'This chat is already subscribed. /settings changes when and what you receive.',
  stopped: 'Unsubscribed. Your settings and watches are kept; /start resumes.',
  stoppedChannel: 'Unsubscribed the channel. Its settings and watches are kept; /subscribe resumes.',
  notSubscribed: 'This chat is not subscribed. /start subscribes it.',
  help:
    '<b>Commands</b>\n' +
    '/search &lt;query&gt; — search the archive\n/latest [n] — newest articles\n/cve CVE-YYYY-NNNN — ' +
    'the CVE’s card (CVSS, KEV, EPSS, products) and its articles\n/digest — this chat’s digest, now\n' +
    '/trend &lt;query&gt; [7d|30d|90d] — a chart of stories per day (no query: by topic)\n' +
    '/watch &lt;query&gt; — instant alerts for matching news\n/watches — your watches\n/unwatch &lt;n&gt; — ' +
    'remove a watch\n' +
    '/settings — digest time, time zone, languages, topics, delivery, quiet hours\n/sources — ' +
    'feeds and their health\n/myfeeds — this chat’s own feeds (when the bot allows them)\n' +
    '/lang — interface language\n/start, /stop — subscribe or unsubscribe this chat\n' +
    '/subscribe @channel, then /channel @channel &lt;command&gt; — subscribe and manage a channel (in private)\n\n' +
    '<b>Search syntax</b>\n<code>casio ransomware</code> both words · <code>"palo alto"</code> phrase · ' +
    '<code>lockbit OR akira</code> · ' +
    '<code>-test</code> exclude · <code>ransom*</code> prefix · <code>lang:zh</code> · ' +
    '<code>source:record</code> · <code>since:7d</code> · <code>cve:CVE-2024-3400</code>\n\n' +
    '<b>CVE watches</b>\n<code>/watch vendor:fortinet cvss&gt;=9</code> · <code>/watch product:"fortios" ' +
    'epss&gt;=0.5</code> · <code>/watch kev</code> (added to CISA KEV) · <code>/watch epss-jump</code> ' +
    '(EPSS crossed 50%; <code>epss-jump&gt;=0.3</code> for another threshold)',
  searchUsage: 'Usage: <code>/search casio ransomware</code> (see /help for the syntax).',
  searchHeader: '🔎 <b>{query}</b> — results {from}–{to}',
  noResults: 'Nothing found for <b>{query}</b>.',
  archiveEmpty: 'The archive is still empty: the first fetch is running. Try again in a minute.',
  archiveUnreachable: "The archive is empty: no feed could be fetched yet. /sources shows each feed's error.",
  archiveNoArticles: 'The archive is empty: the feeds were fetched but held no articles yet. /sources lists them.',
  moreButton: 'More ›',
  latestHeader: '🆕 <b>Latest articles</b>',
  cveUsage: 'Usage: <code>/cve CVE-2024-3400</code>',
  // CVE card (issue 11)
  cveRejectedTag: 'REJECTED',
  cveCardRejected: '⛔ <b>REJECTED</b> — the CVE Program withdrew this id; it names no vulnerability to act on.',
  cveSeverity_critical: 'critical',
  cveSeverity_high: 'high',
  cveSeverity_medium: 'medium',
  cveSeverity_low: 'low',
  cveSeverity_none: 'none',
  cveCardMore: '+{count} more',
  cveCardMoreProducts: '📦 +{count} more products',
  cveCardAffected: '📦 <b>{product}</b>: {versions}',
  cveCardCvss: '📊 CVSS {version} <b>{score}</b>{vector} — {origin}',
  cveOriginCna: 'CNA · {provider}',
  cveOriginAdp: '{provider} ADP',
  cveOriginNvd: 'NVD',
  cveEpssPercentile: '{nth} percentile',
  cveEpssDate: 'as of {date}',
  cveEpssRise: '▲ from {previous}',
  cveEpssFall: '▼ from {previous}',
  cveKevAdded: 'added {date}',
  cveKevDue: 'due {date}',
  cveKevRansomware: '☠ used in ransomware campaigns',
  cveKevAction: 'Required action: {action}',
  cveCardNvdStatus: 'NVD status: {status}',
  cveRefPatch: '🩹 Patch: {links}',
  cveRefAdvisory: '📄 Advisory: {links}',
  cveRefExploit: '💥 Exploit: {links}',
  cveCardSources: '<i>Sources: {sources}</i>',
  cveUnknown:
    'No CVE record, KEV entry or EPSS score is known for <b>{cve}</b>, and no article mentions it. ' +
    'Check the id, or try again in a few minutes: records are fetched on demand.',
  cveCardPending: '<i>The record of {cve} is still being fetched; the next /cve shows a fuller card.</i>',
  cveArticlesHeader: '📰 {count} article(s) mention it, newest first',
  cveMalformed: '“{text}” is not a CVE id. Usage: <code>/cve CVE-2024-3400</code>',
  cveAlertHeader: '🚨 <b>CVE alert</b>',
  cveReasonKev: '⚠ added to CISA KEV on {date}',
  cveReasonEpssJump: '📈 EPSS rose from {from} to {to}',
  cveReasonProduct: '👁 matches <code>{query}</code>',
  cveAlertMore: '… and {count} more: /cve &lt;id&gt; shows any of them.',
  cveWatchAdded: '👁 Watching <b>{query}</b>: {what}',
  cveWatchKev: 'an alert when CISA adds a CVE to KEV.',
  cveWatchEpssJump: 'an alert when a CVE’s EPSS crosses {threshold} from one day to the next.',
  cveWatchProduct: 'an alert for new CVEs of that vendor or product, from articles, new records and KEV.',
  cveWatchOff:
    '⚠️ The bot runs with <code>{setting}=off</code>, so this watch cannot fire until the operator turns it on.',
  cveSourcesHeader: '<b>CVE data</b>',
  cveSourceLine: '{icon} {name}: {entries} cached · checked {checked}{detail}',
  cveSourceNever: 'not yet',
  cveSourceResting: ' · rate-limited until {until}',
  badQuery: '⚠️ {message}',
  watchUsage: 'Usage: <code>/watch casio ransomware</code> — the same syntax as /search.',
  watchAdded: '👁 Watching <b>{query}</b>. Matching news is sent as it arrives.',
  watchExists: 'You already watch <b>{query}</b>.',
  watchLimit: 'A chat can have at most {max} watches. Remove one with /unwatch.',
  watchesNone: 'No watches yet. Add one with <code>/watch casio</code>.',
  watchesHeader: '<b>Watches</b> (remove with /unwatch &lt;n&gt;)',
  unwatchUsage: 'Usage: <code>/unwatch 2</code> — the number from /watches.',
  unwatched: 'Stopped watching <b>{query}</b>.',
  alertHeader: '👁 <b>New for your watches</b>',
  adminsOnly: 'Only group admins can do that here.',
  privateOnly: 'That works in a private chat with the bot.',
  sourcesHeader:
    '<b>Sources</b> ({ok} healthy of {total}) · <code>/sources mute 12</code> leaves one out of this chat (🔇), ' +
    '<code>/sources unmute 12</code> brings it back',
  langUsage: 'Interface language: /lang en or /lang zh.',
  langSet: 'Interface language: English.',
  settingsHeader:
    '<b>Settings</b>\nDigest: <b>{time}</b> ({tz})\nDelivery: <b>{mode}</b>\nContent: <b>{languages}</b>\nTopics: ' +
    '<b>{topics}</b>\nQuiet hours: <b>{quiet}</b>\nWeekly report: <b>{weekly}</b>',
  settingsUsage:
    'Change with a button, or type e.g. <code>/settings time 08:30</code>, ' +
    '<code>/settings tz Europe/Berlin</code>, <code>/settings quiet 23:00-07:00</code>, ' +
    '<code>/settings quiet off</code>, <code>/settings empty skip</code> (no message on a day without news), ' +
    '<code>/settings weekly mon</code> (a weekly report with a chart, at the digest time; <code>off</code> stops it).',
  settingSaved: 'Saved.',
  badTime: 'Times look like 08:30 (24-hour).',
  badTimezone: '“{tz}” is not an IANA time zone. Examples: Europe/Berlin, Asia/Shanghai, America/New_York.',
  allTopics: 'all',
  noQuiet: 'off',
  staleButton: 'That button has expired. Run the command again.',
  rateLimited: 'Slow down a little — try again in a few seconds.',
  internalError: 'Something went wrong on our side. It has been logged; please try again later.',
  telegramUnanswered:
    'Telegram did not answer a check this needs (who the admins are, or which chat that is). ' +
    'Nothing was changed; please try again in a minute.',
  unknownCommand: 'Unknown command. /help lists what I can do.',
  groupHello: 'Hi! I post security news digests and answer /search. An admin can /start to subscribe this group.',
  subscribeUsage:
    "Usage: <code>/subscribe @yourchannel</code> (or a private channel's id, <code>-100…</code>) — I must be " +
    'an admin of the channel, and so must you.',
  subscribedChannel: 'Subscribed {channel}. Its digest arrives daily at {time} ({tz}).',
  channelBotNotAdmin: 'Add me to {channel} as an admin who can post, then try again.',
  channelUserNotAdmin: 'Only admins of {channel} can subscribe it.',
  channelNotFound: 'I cannot see {channel}. Check the name, and add me to it as an admin.',
  channelUsage:
    'Usage: <code>/channel @yourchannel settings tz Asia/Shanghai</code> — runs a command for a channel you ' +
    'administer: {commands}.',
  channelAdminsOnly: 'Only admins of {channel} can change it.',
  channelNotSubscribed: '{channel} is not subscribed yet: <code>/subscribe {ref}</code> first.',
  notAChannel: '{channel} is a group, not a channel: add me to it and send /start there.',
  channelTypeSettings:
    'Buttons here would change this chat, not the channel, so they are left out. Type the change: ' +
    '<code>/channel {ref} settings time 08:30</code>, <code>… settings tz Asia/Shanghai</code>, ' +
    '<code>… settings weekly mon</code> (see /help).',
  notAllowed: 'That command is for the bot’s operators.',
  digestHeader: '📰 <b>Security digest — {date}</b>',
  digestCounts: '{stories} stories from {sources} sources{exploited}',
  digestExploited: ' · ⚠ {count} exploited CVE(s)',
  digestAlso: 'also',
  digestFooter: '🔎 <code>/search casio</code> searches the archive · /settings changes this digest',
  quietDay: '📰 {date}: a quiet day — no new stories matched your settings.',
  instantHeader: '⚡ <b>New stories</b>',
  instantUpdate: '↻ <b>Update</b> · {story}: {title} — <i>{source}</i>',
  digestPreviewNote: '<i>Preview — the schedule is not affected.</i>',
  topic_ransomware: 'Ransomware & extortion',
  topic_vuln: 'Vulnerabilities & exploits',
  topic_breach: 'Data breaches & leaks',
  topic_malware: 'Malware & phishing',
  topic_apt: 'APT / nation-state',
  topic_policy: 'Policy & law',
  topic_advisory: 'Advisories & patches',
  topic_other: 'Other news',
  // The bot's command menu (setMyCommands): one short line each.
  menu_search: 'Search the archive',
  menu_latest: 'Newest articles',
  menu_cve: 'Articles about a CVE',
  menu_trend: 'Chart: stories per day for a query',
  menu_watch: 'Alert me about a query',
  menu_watches: 'My watches',
  menu_digest: 'Preview this chat’s digest now',
  menu_settings: 'Digest time, languages, topics',
  menu_sources: 'Feeds and their health',
  menu_start: 'Subscribe this chat',
  menu_stop: 'Unsubscribe this chat',
  menu_lang: 'Interface language',
  menu_help: 'How to use secbrief',
} as const;

export type MessageKey = keyof typeof en;
export const MESSAGE_KEYS = Object.keys(en) as MessageKey[];

const zh: Record<MessageKey, string> = {
  welcome:
    '<b>secbrief</b> — 来自 {feeds} 个中英文来源的安全资讯。\n\n' +
    '本会话已订阅：每天 <b>{time}</b>（{tz}）推送日报。只推送从现在起的新闻，不会补发旧内容；历史存档可随时搜索。\n\n' +
    '试试 <code>/search 勒索</code>、<code>/search ransomware</code>、' +
    '<code>/cve CVE-2024-3400</code> 或 <code>/watch 卡西欧</code>。/settings 可修改时间、语言和主题；/help 查看全部命令。',
  alreadySubscribed: '本会话已订阅。/settings 可修改推送时间和内容。',
  stopped: '已退订。设置和关注词都会保留；/start 可恢复。',
  stoppedChannel: '已为频道退订。其设置和关注词都会保留；/subscribe 可恢复。',
  notSubscribed: '本会话尚未订阅。/start 即可订阅。',
  help:
    '<b>命令</b>\n' +
    '/search &lt;关键词&gt; — 搜索存档\n/latest [n] — 最新文章\n/cve CVE-YYYY-NNNN — CVE 卡片（CVSS、KEV、EPSS、产品）及相关文章\n' +
    '/digest — 立即查看本会话的日报\n' +
    '/trend &lt;查询&gt; [7d|30d|90d] — 每日报道数图表（不带查询：按主题）\n' +
    '/watch &lt;关键词&gt; — 匹配新闻即时提醒\n/watches — 我的关注词\n/unwatch &lt;序号&gt; — 删除关注词\n' +
    '/settings — 日报时间、时区、语言、主题、推送方式、免打扰\n/sources — 信息源及状态\n/myfeeds — 本群自己的信息源（机器人允许时）\n' +
    '/lang — 界面语言\n/start、/stop — 订阅或退订本会话\n' +
    '/subscribe @频道，再用 /channel @频道 &lt;命令&gt; — 订阅并管理频道（私聊中）\n\n' +
    '<b>搜索语法</b>\n<code>卡西欧 勒索</code> 同时包含 · <code>"palo alto"</code> 短语 · <code>lockbit OR akira</code> · ' +
    '<code>-test</code> 排除 · <code>ransom*</code> 前缀 · <code>lang:zh</code> · <code>source:安全内参</code> · ' +
    '<code>since:7d</code> · <code>cve:CVE-2024-3400</code>\n\n' +
    '<b>CVE 关注</b>\n<code>/watch vendor:fortinet cvss&gt;=9</code> · <code>/watch product:"fortios" ' +
    'epss&gt;=0.5</code> · <code>/watch kev</code>（被列入 CISA KEV）· <code>/watch epss-jump</code>' +
    '（EPSS 越过 50%；其他阈值用 <code>epss-jump&gt;=0.3</code>）',
  searchUsage: '用法：<code>/search 卡西欧 勒索</code>（语法见 /help）。',
  searchHeader: '🔎 <b>{query}</b> — 第 {from}–{to} 条',
  noResults: '没有找到与 <b>{query}</b> 相关的内容。',
  archiveEmpty: '存档还是空的：首次抓取正在进行，请稍后再试。',
  archiveUnreachable: '存档是空的：还没有任何订阅源抓取成功。/sources 列出每个源的错误。',
  archiveNoArticles: '存档是空的：订阅源已抓取，但还没有文章。/sources 列出这些源。',
  moreButton: '更多 ›',
  latestHeader: '🆕 <b>最新文章</b>',
  cveUsage: '用法：<code>/cve CVE-2024-3400</code>',
  // CVE card (issue 11)
  cveRejectedTag: '已拒绝',
  cveCardRejected: '⛔ <b>已拒绝（REJECTED）</b>——CVE 项目已撤销该编号，它不对应需要处置的漏洞。',
  cveSeverity_critical: '严重',
  cveSeverity_high: '高危',
  cveSeverity_medium: '中危',
  cveSeverity_low: '低危',
  cveSeverity_none: '无',
  cveCardMore: '另 {count} 项',
  cveCardMoreProducts: '📦 另有 {count} 个产品',
  cveCardAffected: '📦 <b>{product}</b>：{versions}',
  cveCardCvss: '📊 CVSS {version} <b>{score}</b>{vector} — {origin}',
  cveOriginCna: 'CNA · {provider}',
  cveOriginAdp: '{provider} ADP',
  cveOriginNvd: 'NVD',
  cveEpssPercentile: '第 {n} 百分位',
  cveEpssDate: '截至 {date}',
  cveEpssRise: '▲ 此前 {previous}',
  cveEpssFall: '▼ 此前 {previous}',
  cveKevAdded: '{date} 收录',
  cveKevDue: '修复期限 {date}',
  cveKevRansomware: '☠ 已被用于勒索软件攻击',
  cveKevAction: '处置要求：{action}',
  cveCardNvdStatus: 'NVD 状态：{status}',
  cveRefPatch: '🩹 补丁：{links}',
  cveRefAdvisory: '📄 安全公告：{links}',
  cveRefExploit: '💥 利用代码：{links}',
  cveCardSources: '<i>数据来源：{sources}</i>',
  cveUnknown:
    '没有 <b>{cve}</b> 的 CVE 记录、KEV 条目或 EPSS 评分，也没有文章提到它。' +
    '请检查编号，或几分钟后再试：记录是按需抓取的。',
  cveCardPending: '<i>{cve} 的记录仍在抓取中，下次发送 /cve 时信息会更完整。</i>',
  cveArticlesHeader: '📰 {count} 篇文章提到它，最新在前',
  cveMalformed: '“{text}”不是 CVE 编号。用法：<code>/cve CVE-2024-3400</code>',
  cveAlertHeader: '🚨 <b>CVE 提醒</b>',
  cveReasonKev: '⚠ {date} 被列入 CISA KEV',
  cveReasonEpssJump: '📈 EPSS 从 {from} 升至 {to}',
  cveReasonProduct: '👁 匹配 <code>{query}</code>',
  cveAlertMore: '……另有 {count} 个：/cve &lt;编号&gt; 可查看详情。',
  cveWatchAdded: '👁 已关注 <b>{query}</b>：{what}',
  cveWatchKev: 'CISA 将 CVE 列入 KEV 时提醒。',
  cveWatchEpssJump: 'CVE 的 EPSS 在一天内越过 {threshold} 时提醒。',
  cveWatchProduct: '该厂商或产品出现新 CVE 时提醒（来自文章、新记录和 KEV）。',
  cveWatchOff: '⚠️ 本机器人设置了 <code>{setting}=off</code>，管理员开启前该关注不会触发。',
  cveSourcesHeader: '<b>CVE 数据</b>',
  cveSourceLine: '{icon} {name}：已缓存 {entries} · 检查于 {checked}{detail}',
  cveSourceNever: '尚未',
  cveSourceResting: ' · 限流中，{until} 后重试',
  badQuery: '⚠️ {message}',
  watchUsage: '用法：<code>/watch 卡西欧 勒索</code>，语法与 /search 相同。',
  watchAdded: '👁 已关注 <b>{query}</b>，匹配的新闻会即时推送。',
  watchExists: '已经在关注 <b>{query}</b>。',
  watchLimit: '每个会话最多 {max} 个关注词。可用 /unwatch 删除。',
  watchesNone: '还没有关注词。用 <code>/watch 卡西欧</code> 添加。',
  watchesHeader: '<b>关注词</b>（用 /unwatch &lt;序号&gt; 删除）',
  unwatchUsage: '用法：<code>/unwatch 2</code>，序号见 /watches。',
  unwatched: '已取消关注 <b>{query}</b>。',
  alertHeader: '👁 <b>关注词有新消息</b>',
  adminsOnly: '只有群管理员可以在这里执行该操作。',
  privateOnly: '请在与机器人的私聊中使用该命令。',
  sourcesHeader:
    '<b>信息源</b>（{total} 个中 {ok} 个正常）· <code>/sources mute 12</code> 在本会话屏蔽一个来源（🔇），' +
    '<code>/sources unmute 12</code> 恢复',
  langUsage: '界面语言：/lang en 或 /lang zh。',
  langSet: '界面语言：中文。',
  settingsHeader:
    '<b>设置</b>\n日报：<b>{time}</b>（{tz}）\n推送方式：<b>{mode}</b>\n内容语言：<b>{languages}</b>\n主题：<b>{topics}</b>\n免打扰：' +
    '<b>{quiet}</b>\n每周报告：<b>{weekly}</b>',
  settingsUsage:
    '点按钮修改，或输入如 <code>/settings time 08:30</code>、<code>/settings tz Asia/Shanghai</code>、' +
    '<code>/settings quiet 23:00-07:00</code>、<code>/settings quiet off</code>、' +
    '<code>/settings empty skip</code>（没有新闻的日子不发消息）、' +
    '<code>/settings weekly mon</code>（每周报告，含图表，在日报时间发送；<code>off</code> 关闭）。',
  settingSaved: '已保存。',
  badTime: '时间格式如 08:30（24 小时制）。',
  badTimezone: '“{tz}” 不是有效的 IANA 时区，例如 Asia/Shanghai、Europe/Berlin。',
  allTopics: '全部',
  noQuiet: '关闭',
  staleButton: '该按钮已过期，请重新执行命令。',
  rateLimited: '操作太频繁，请稍后再试。',
  internalError: '服务内部出错，已记录日志，请稍后再试。',
  telegramUnanswered: 'Telegram 未响应此操作所需的查询（管理员身份或会话信息），未做任何更改，请稍后再试。',
  unknownCommand: '未知命令。/help 查看可用命令。',
  groupHello: '大家好！我推送安全资讯日报，并支持 /search 搜索。管理员发送 /start 即可为本群订阅。',
  subscribeUsage:
    '用法：<code>/subscribe @频道名</code>（私有频道用其 ID，<code>-100…</code>）——我和你都需要是该频道的管理员。',
  subscribedChannel: '已为 {channel} 订阅，每天 {time}（{tz}）推送日报。',
  channelBotNotAdmin: '请先把我设为 {channel} 的管理员（可发消息），再试一次。',
  channelUserNotAdmin: '只有 {channel} 的管理员可以为其订阅。',
  channelNotFound: '找不到 {channel}。请检查名称，并把我加为该频道管理员。',
  channelUsage: '用法：<code>/channel @频道名 settings tz Asia/Shanghai</code>——为你管理的频道执行命令：{commands}。',
  channelAdminsOnly: '只有 {channel} 的管理员可以修改它。',
  channelNotSubscribed: '{channel} 尚未订阅，请先发送 <code>/subscribe {ref}</code>。',
  notAChannel: '{channel} 是群组而不是频道：请把我加入该群组，并在群里发送 /start。',
  channelTypeSettings:
    '这里的按钮只会修改本会话，不会修改频道，因此不显示。请直接输入：' +
    '<code>/channel {ref} settings time 08:30</code>、<code>… settings tz Asia/Shanghai</code>、' +
    '<code>… settings weekly mon</code>（见 /help）。',
  notAllowed: '该命令仅限机器人运营者使用。',
  digestHeader: '📰 <b>安全日报 — {date}</b>',
  digestCounts: '{stories} 个事件，来自 {sources} 个来源{exploited}',
  digestExploited: ' · ⚠ {count} 个在野利用漏洞',
  digestAlso: '另见',
  digestFooter: '🔎 <code>/search 勒索</code> 搜索存档 · /settings 修改日报设置',
  quietDay: '📰 {date}：今天很平静——没有符合设置的新事件。',
  instantHeader: '⚡ <b>新事件</b>',
  instantUpdate: '↻ <b>后续</b> · {story}：{title} — <i>{source}</i>',
  digestPreviewNote: '<i>预览——不影响定时推送。</i>',
  topic_ransomware: '勒索与敲诈',
  topic_vuln: '漏洞与利用',
  topic_breach: '数据泄露',
  topic_malware: '恶意软件与钓鱼',
  topic_apt: 'APT / 国家级威胁',
  topic_policy: '政策法规',
  topic_advisory: '安全公告与补丁',
  topic_other: '其他',
  menu_search: '搜索存档',
  menu_latest: '最新文章',
  menu_cve: '某个 CVE 的相关文章',
  menu_trend: '图表：某个查询每天的报道数',
  menu_watch: '关注关键词',
  menu_watches: '我的关注词',
  menu_digest: '立即预览本会话的日报',
  menu_settings: '日报时间、语言、主题',
  menu_sources: '信息源及状态',
  menu_start: '订阅本会话',
  menu_stop: '退订本会话',
  menu_lang: '界面语言',
  menu_help: '使用说明',
};

const TABLES: Record<UiLanguage, Record<MessageKey, string>> = { en, zh };

const PLACEHOLDER = /\{(\w+)\}/g;

export function t(lang: UiLanguage, key: MessageKey, params: Record<string, string | number> = {}): string {
  return TABLES[lang][key].replace(PLACEHOLDER, (m, name: string) => (name in params ? String(params[name]) : m));
}

/** A message as SafeHtml: the table's markup kept, each parameter escaped unless it is SafeHtml. */
export function tHtml(lang: UiLanguage, key: MessageKey, params: Record<string, HtmlValue> = {}): SafeHtml {
  // The table is constant markup written here; only the parameters come from feeds and users.
  const fill = (m: string, name: string) => (name in params ? html`${params[name]}`.value : m);
  return raw(TABLES[lang][key].replace(PLACEHOLDER, fill));
}

/** 'zh-hans', 'zh-TW', 'zh' → zh; everything else → en. */
export function uiLanguageFor(languageCode: string | undefined | null): UiLanguage {
  return languageCode?.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

/**
 * A topic's name, in one wording wherever it shows: digest headings, the /settings summary and its
 * buttons. A stored key that is no longer a topic is shown as it is rather than hidden.
 */
export function topicLabel(lang: UiLanguage, topic: string): string {
  return (TOPIC_KEYS as readonly string[]).includes(topic) ? t(lang, `topic_${topic as Topic}`) : topic;
}
