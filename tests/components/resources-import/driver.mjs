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
