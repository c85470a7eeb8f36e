// Driver for variants: every case of `value` crosses both ways.
import { instantiate, show } from '../harness.mjs';

const colors = ['red', 'green', 'blue', 'ultra-violet'];
const { api } = await instantiate({
  'kiln:variants/host': {
    next: (v) => {
      show('  host got', v);
      switch (v.tag) {
        case 'nothing': return { tag: 'small', val: 0 };
        case 'small': return { tag: 'small', val: (v.val + 1) & 255 };
        case 'big': return { tag: 'big', val: v.val + 1n };
        case 'real': return { tag: 'real', val: v.val * 2 };
        case 'precise': return { tag: 'precise', val: -v.val };
        case 'text': return { tag: 'text', val: v.val + v.val };
        case 'pair': return { tag: 'pair', val: [v.val[0] + 1, v.val[1] / 4] };
        case 'px': return { tag: 'nothing' };
      }
    },
    rotate: (c) => colors[(colors.indexOf(c) + 1) % 4],
    older: (p) => ({ ...p, age: p.age + 10, tags: p.tags.concat(['older']) }),
  },
});
const values = [
  { tag: 'nothing' },
  { tag: 'small', val: 255 },
  { tag: 'big', val: 18446744073709551614n },
  { tag: 'real', val: 1.5 },
  { tag: 'real', val: NaN },
  { tag: 'precise', val: -0 },
  { tag: 'precise', val: 1e300 },
  { tag: 'text', val: 'ab\u00e9' },
  { tag: 'text', val: '' },
  { tag: 'pair', val: [4294967294, -Infinity] },
  { tag: 'px', val: { at: [1, 2], color: 'blue', alpha: 0.25 } },
];
for (const v of values)
  show('next', api.next(v));
for (const c of colors)
  show(`rotate(${c})`, api.rotate(c));
show('older', api.older({ name: 'Ada', age: 36, tags: ['math', '\u{1f9ee}'],
                          home: [51.5, -0.125], favorite: 'ultra-violet' }));
show('swap', api.swap(['s\u00fc\u00df', 21, true]));
show('brighten', api.brighten({ at: [65535, 0], color: 'ultra-violet', alpha: 3 }));
