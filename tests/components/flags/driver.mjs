// Driver for flags: JS sees {label: bool} objects.
import { instantiate, show } from '../harness.mjs';

const labels = (o) => Object.keys(o).filter((k) => o[k]).join(',') || '-';
const invert = (o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, !v]));
const host = {};
for (const n of ['One', 'Eight', 'Nine', 'Wide'])
  host['invert' + n] = (x) => { console.log(`  host ${n} got ${labels(x)}`); return invert(x); };
const { api } = await instantiate({ 'kiln:flagsets/host': host });

const set = (names, on) => Object.fromEntries(names.map((n) => [n, on.includes(n)]));
const L8 = 'abcdefgh'.split(''), L9 = 'abcdefghi'.split('');
const L32 = Array.from({ length: 32 }, (_, i) => 'f' + i);
show('one()', labels(api.invertOne(set(['only'], []))));
show('one(only)', labels(api.invertOne(set(['only'], ['only']))));
show('eight(a,h)', labels(api.invertEight(set(L8, ['a', 'h']))));
show('nine(i)', labels(api.invertNine(set(L9, ['i']))));
show('nine(all)', labels(api.invertNine(set(L9, L9))));
show('wide(f0,f31)', labels(api.invertWide(set(L32, ['f0', 'f31']))));
show('wide()', labels(api.invertWide(set(L32, []))).split(',').length);
const r = api.shift({ one: set(['only'], []), eight: set(L8, ['h', 'c']),
                      nine: set(L9, ['i', 'a']), wide: set(L32, ['f31', 'f15']) });
show('shift', Object.fromEntries(Object.entries(r).map(([k, v]) => [k, labels(v)])));
