// Driver for world-items: world-level `now`, inline `logger`, `catalog`.
import { instantiate, show } from '../harness.mjs';

const items = {
  hammer: { sku: 'hammer', count: 3, priceCents: 1999n, kind: 'tool' },
  bolt: { sku: 'bolt', count: 1000, priceCents: 5n, kind: 'part' },
  '\u00e9crou': { sku: '\u00e9crou', count: 2, priceCents: 18446744073709551n, kind: 'other' },
};
let tick = 0n;
const ex = await instantiate({
  now: () => ({ seconds: 1700000000n + tick++, zone: tick % 2n ? 'UTC' : undefined }),
  logger: { log: (level, msg) => console.log(`  log[${level}] ${msg}`) },
  'kiln:inventory/catalog': { lookup: (sku) => items[sku] },
});
const report = ex.report;
function call(label, f) {
  try {
    show(label, f());
  } catch (e) {
    if (e.constructor.name !== 'ComponentError') throw e;
    show(`${label} threw`, e.payload);
  }
}
call('total(hammer, bolt)', () => report.total(['hammer', 'bolt']));
call('lastStamp', () => ex.lastStamp());
call('total(hammer, nail)', () => report.total(['hammer', 'nail']));
call('lastStamp', () => ex.lastStamp());
call('total([])', () => report.total([]));
call('low', () => report.low(['hammer', 'bolt', '\u00e9crou', 'x'], 10));
