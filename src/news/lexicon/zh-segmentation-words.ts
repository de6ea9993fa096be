// Words the Chinese segmenter must keep whole in security news, on top of jieba's general dictionary and the
// bilingual lexicon's names (which are added too). jieba's dictionary is built from general text: it splits
// vendor names (奇|安信) and glues security words to their neighbours (利用微|信 in 利用微信). Kept as data: add
// a word when a segmentation keeps two reports of one event apart.
export const ZH_SEGMENTATION_WORDS = `
奇安信 深信服 绿盟 启明星辰 天融信 安恒 亚信安全 长亭 微步在线 360 火绒 安天 知道创宇 山石网科 网宿 默安 斗象 盛邦
用友 泛微 致远 通达 金蝶 蓝凌 帆软 宝塔 若依 禅道 海康威视 大华 锐捷 华为 中兴 新华三 飞塔 帆软报表 契约锁
补丁日 在野利用 零日 远程代码执行 代码执行 命令执行 命令注入 权限提升 本地提权 提权 反序列化 目录穿越 路径穿越 任意文件读取
任意文件上传 未授权访问 身份验证绕过 信息泄露 拒绝服务 供应链攻击 勒索软件 勒索团伙 数据泄露 窃密木马 远控木马 免杀 钓鱼
概念验证 漏洞预警 漏洞通告 安全通告 风险通告 复现 容器逃逸 沙箱逃逸 客户端 服务端 管理平台
`
  .trim()
  .split(/\s+/);
