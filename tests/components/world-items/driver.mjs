// Driver for world-items: world-level `now`, inline `logger`, `catalog`.
import { instantiate, show } from '../harness.mjs';

const items = {
  hammer: { sku: 'hammer', count: 3, priceCents: 1999n, kind: 'tool' },
  bolt: { sku: 'bolt', count: 1000, priceCents: 5n, kind: 'part' },
  '\u00e9crou': { sku: '\u00e9crou', count: 2, priceCents: 18446744073709551n, kind: 'other' },
};
let tick = 0n;
// A world-level resource is imported as `{ default: Class }` under its name.
class Ticket {
  constructor(label) { this.l = label; }
  label() { return `ticket ${this.l}`; }
  static renumber(t, n) { return new Ticket(`${t.l} #${n}`); }
  [Symbol.dispose]() { console.log(`  dispose ${this.l}`); }
}
const ex = await instantiate({
  ticket: { default: Ticket },
  issue: (n) => new Ticket(`issued ${n}`),
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
call('tickets', () => ex.tickets());
