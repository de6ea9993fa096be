// Ransomware groups and threat actors the weekly report counts, as data: `Name = alias, 别名…`.
// English aliases match as whole words, case-insensitively; Chinese ones as substrings. A name
// that is also a common word (Play, Medusa, Everest) is listed only with "ransomware" after it.
// Add a line when a group keeps appearing in the news under a name not here; vendors' numbered
// names (APT41, UNC3886, Storm-0501, TA505, FIN7) are found by pattern (news/actors.ts).
export const RANSOMWARE_GROUPS = `
LockBit = lockbit, 洛克比特
Akira = akira, 阿基拉
Qilin = qilin, agenda ransomware, 麒麟勒索, 麒麟
Play = play ransomware, playcrypt
BlackCat = blackcat, alphv
Cl0p = cl0p, clop
Black Basta = black basta, blackbasta
Rhysida = rhysida
BlackSuit = blacksuit
Royal = royal ransomware
8Base = 8base
RansomHub = ransomhub
Medusa = medusa ransomware, medusa勒索
INC Ransom = inc ransom, inc ransomware
Hunters International = hunters international
SafePay = safepay
DragonForce = dragonforce
Interlock = interlock ransomware
Lynx = lynx ransomware
Fog = fog ransomware
Cactus = cactus ransomware
BianLian = bianlian
Everest = everest ransomware, everest gang
Warlock = warlock ransomware
Sinobi = sinobi
Gunra = gunra
Chaos = chaos ransomware
Crypto24 = crypto24
Conti = conti
REvil = revil, sodinokibi
Ryuk = ryuk
DarkSide = darkside
Babuk = babuk
Cicada3301 = cicada3301
Embargo = embargo ransomware
Kraken = kraken ransomware
Beast = beast ransomware
The Gentlemen = the gentlemen ransomware
Yurei = yurei
`;

export const THREAT_ACTORS = `
Scattered Spider = scattered spider, 散落蜘蛛, octo tempest, unc3944
ShinyHunters = shinyhunters, shiny hunters
Scattered Lapsus$ Hunters = scattered lapsus$ hunters, scattered lapsus hunters
Lapsus$ = lapsus$, lapsus
Lazarus = lazarus, 拉撒路, 拉扎鲁斯
Kimsuky = kimsuky, apt43
Andariel = andariel
ScarCruft = scarcruft, apt37
Sandworm = sandworm, apt44
APT28 = apt28, fancy bear, forest blizzard
APT29 = apt29, cozy bear, midnight blizzard
Turla = turla
Gamaredon = gamaredon
Volt Typhoon = volt typhoon, 伏特台风
Salt Typhoon = salt typhoon, 盐台风
Silk Typhoon = silk typhoon, hafnium
Flax Typhoon = flax typhoon
Linen Typhoon = linen typhoon
Mustang Panda = mustang panda
APT41 = apt41, wicked panda, brass typhoon
Charming Kitten = charming kitten, apt35
MuddyWater = muddywater
OilRig = oilrig, apt34
SideWinder = sidewinder, 响尾蛇
Patchwork = patchwork apt, 摩诃草
Bitter = bitter apt, 蔓灵花
OceanLotus = oceanlotus, apt32, 海莲花
Lotus Blossom = lotus blossom
APT-C-01 = apt-c-01, 毒云藤
`;
