// Driver for spill.
import { instantiate, show } from '../harness.mjs';

const { api } = await instantiate({
  'kiln:spill/host': {
    sum17: (...xs) => { show('  host sum17 got', xs); return xs.reduce((s, x) => s + Number(x), 0); },
    poke: (w) => { show('  host poke got', w); return { ...w, i: w.i.toUpperCase(), k: w.k === undefined ? 7n : undefined, l: [w.l[0], w.l[1] * 2] }; },
    join9: (...s) => s.join('|'),
  },
});
show('sum17', api.sum17(255, -128, 65535, -32768, 4294967295, -2147483648,
                        18446744073709551615n, -9223372036854775808n, 0.5, 0.25,
                        1, 2, 3, 4, 5, 6, 7));
const w = { a: 1, b: -2, c: 3, d: -4n, e: 1.5, f: -2.5, g: '\u{1f600}', h: true,
            i: 'wide \u00e9', j: new Uint32Array([1, 2, 3]), k: undefined, l: [9, 0.125] };
const p = api.poke(w);
show('poke', p);
show('poke again', api.poke(p));
show('join9', api.join9('a', '', '\u00e9', 'dd', 'e', 'f', 'g', 'h', 'i'.repeat(5)));
show('edge16', api.edge16([1, 2, 3, 4, 5, 6, 7, 4294967295],
                          [1n, 2n, 3n, 4n, 5n, 6n, 7n, 18446744073709551615n]));
