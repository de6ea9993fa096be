// Layer rules, checked in `npm test` (test/layers.test.ts) and by `npm run lint:layers`.
// The layers, top to bottom:
//   composition root  src/*.ts (main, cli, app, wiring, jobs, runtime, metrics, scheduler) and src/cli/
//   features          telegram/ (transport, commands), notify/, digest/, feeds/ (ingestion), http/, llm/,
//                     chart/ (ChartSpec to PNG; it imports packages and the base only)
//   store/            all SQL
//   base              news/ (pure analysis), format/ (pure rendering), config.ts, log.ts, and net/
//                     (outbound proxies: packages only, usable from any layer)
// An import may only point down. Between features: telegram → notify → digest → llm, telegram
// may read the OPML format from feeds/opml.ts, and telegram, notify and digest may draw with chart/;
// nothing else crosses.
const ROOT = '^src/((main|cli|app|wiring|jobs|runtime|metrics|scheduler)\\.ts$|cli/)';
const FEATURES = ['telegram', 'notify', 'digest', 'feeds', 'http', 'llm', 'chart'];
const dirs = (names) => `^src/(${names.join('|')})/`;
const others = (name) => FEATURES.filter((f) => f !== name);

function rule(name, comment, from, to) {
  return { name, comment, severity: 'error', from: typeof from === 'string' ? { path: from } : from, to };
}

module.exports = {
  forbidden: [
    rule(
      'root-is-top',
      'only the composition root (main, cli, app, wiring, jobs, runtime) may import it: take it as a dependency',
      { path: '^src/', pathNot: ROOT },
      { path: ROOT },
    ),
    rule(
      'base-is-pure',
      'news/, format/, config and log are the pure base: they import only each other and packages',
      '^src/(news|format)/|^src/(config|log)\\.ts$',
      { path: dirs(['store', ...FEATURES]) },
    ),
    rule('store-below-features', 'store/ is SQL only: it may use the base, never a feature module', '^src/store/', {
      path: dirs(FEATURES),
    }),
    rule(
      'feeds-is-ingestion',
      'feeds/ fetches, parses and stores; notifications live in notify/, sending in telegram/',
      '^src/feeds/',
      { path: dirs(others('feeds')) },
    ),
    rule(
      'digest-builds-only',
      'digest/ builds and renders digests; queueing them is notify/, sending telegram/',
      '^src/digest/',
      { path: dirs(['telegram', 'notify', 'feeds', 'http']) },
    ),
    rule(
      'notify-queues-only',
      'notify/ queues outbox rows; it never sends (telegram/) or fetches (feeds/)',
      '^src/notify/',
      { path: dirs(['telegram', 'feeds', 'http', 'llm']) },
    ),
    rule(
      'telegram-no-ingestion',
      'telegram/ is transport and commands: feed checks come in as functions (wiring.ts); only the OPML format ' +
        'may be read from feeds/',
      '^src/telegram/',
      { path: dirs(['feeds', 'http', 'llm']), pathNot: '^src/feeds/opml\\.ts$' },
    ),
    rule(
      'http-is-operations',
      'http/ serves /healthz and /metrics from the store; it knows no feature module',
      '^src/http/',
      { path: dirs(others('http')) },
    ),
    rule('llm-is-a-client', 'llm/ is an HTTP client; callers pass it what it needs', '^src/llm/', {
      path: dirs(['store', ...others('llm')]),
    }),
    rule(
      'chart-renders-only',
      'chart/ turns a ChartSpec (format/chart-spec.ts) into a PNG; it knows no feature, store or other base module',
      '^src/chart/',
      { path: '^src/', pathNot: '^src/chart/|^src/format/chart-spec\\.ts$' },
    ),
    rule(
      'net-is-transport',
      'net/ builds outbound connections (proxies) from packages alone; callers pass it URLs',
      '^src/net/',
      { path: '^src/', pathNot: '^src/net/' },
    ),
    // swc does not tell type-only imports apart, so a cycle through a type counts too: shared types go
    // in a file of their own (news/story-pair.ts).
    rule('no-circular', 'a cycle of imports means a layer is wrong', {}, { circular: true }),
    rule('no-tests-in-src', 'src/ never imports test code', '^src/', { path: '^test/' }),
    rule('resolvable', 'an import that does not resolve', {}, { couldNotResolve: true }),
  ],
  options: {
    // typescript 7 has no JS compiler API for dependency-cruiser to call; swc parses TypeScript.
    parser: 'swc',
    // Type-only imports count: a type from a higher layer is still a dependency on it.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // ESM-only packages (https-proxy-agent, socks-proxy-agent) export only `types` and `default`.
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules)/' },
    moduleSystems: ['es6'],
  },
};
