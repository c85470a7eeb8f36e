// Driver for strings: the host brackets and shuffles; C adds byte counts.
import { instantiate, show } from '../harness.mjs';

const { api } = await instantiate({
  'kiln:strings/host': {
    bracket: (s) => `[${s}]`,
    shuffle: (xs) => [...xs].reverse().concat([String(xs.length)]),
  },
});
for (const s of ['', 'abc', 'h\u00e9', '\u4e2d\u6587', '\u{1f600}!', 'a\0b'])
  show(`bracket(${JSON.stringify(s)})`, api.bracket(s));
const long = 'x'.repeat(100000) + '\u00e9';
const r = api.bracket(long);
show('bracket(long).length', r.length);
show('bracket(long) ends', r.slice(-12));
show('shuffle([])', api.shuffle([]));
show('shuffle(3)', api.shuffle(['one', '', '\u{1f600}']));
show('shuffle(many)', api.shuffle(Array.from({ length: 50 }, (_, i) => 's' + i)).length);
show('byteLen("")', api.byteLen(''));
show('byteLen("\u00e9\u4e2d\u{1f600}")', api.byteLen('\u00e9\u4e2d\u{1f600}'));
show('byteLen(long)', api.byteLen(long));
show('greeting', api.greeting());

// 2000 round trips of a 64 KiB string (and a 100-element list) would leak
// about 250 MiB if nothing were freed.
const before = api.pages();
const big = 'y'.repeat(65536);
const many = Array.from({ length: 100 }, (_, i) => 'item' + i);
for (let i = 0; i < 2000; i++) {
  api.bracket(big);
  api.shuffle(many);
}
const grown = api.pages() - before;
show('memory growth under 64 pages', grown < 64);
