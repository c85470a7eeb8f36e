// Driver for resources-import: a JS class is the imported resource; jco
// calls [Symbol.dispose] when the guest drops its last handle.
import { instantiate, show } from '../harness.mjs';

let next = 1;
class Counter {
  constructor(start) { this.id = next++; this.n = start; console.log(`  new #${this.id}(${start})`); }
  get() { return this.n; }
  add(k) { this.n += k; }
  label() { return `counter #${this.id} = ${this.n}`; }
  static merge(a, b) { return new Counter(a.n + b.n); }
  [Symbol.dispose]() { console.log(`  dispose #${this.id}`); }
}
const ex = await instantiate({
  'kiln:resimport/store': {
    Counter,
    consume: (c) => { console.log(`  consume #${c.id}`); return c.n; },
    make: (n) => Array.from({ length: n }, (_, i) => new Counter(i * 100)),
    find: (start) => start ? new Counter(start) : undefined,
  },
});
for (const line of ex.run())
  show('run', line);
const x = new Counter(1), y = new Counter(2);
show('peek(x)', ex.peek(x));
show('peek(x) again', ex.peek(x));
show('peekAll([x, y, x])', ex.peekAll([x, y, x]));
show('peekAll([])', ex.peekAll([]));
const k = ex.keep(y);
show('keep(y) is y', k === y);
show('keep(y).get', k.get());
