// Driver for scalars: the host echoes (and logs) what it gets; the exports
// forward to it, so each value goes JS -> C -> JS -> C -> JS.
import { instantiate, show, fmt } from '../harness.mjs';

const names = ['bool', 's8', 'u8', 's16', 'u16', 's32', 'u32', 's64', 'u64',
               'f32', 'f64', 'char'];
const host = {};
for (const n of names) {
  const key = 'echo' + n[0].toUpperCase() + n.slice(1);
  host[key] = (x) => { console.log(`  host ${n} got ${fmt(x)}`); return x; };
}
const ex = await instantiate({
  'kiln:scalars/host': host,
  next: (x) => x + 1,
});
const api = ex.api;
const cases = {
  bool: [true, false],
  s8: [0, -128, 127, -1],
  u8: [0, 255, 128],
  s16: [-32768, 32767, -2],
  u16: [0, 65535],
  s32: [-2147483648, 2147483647, -5],
  u32: [0, 4294967295, 2147483648],
  s64: [-9223372036854775808n, 9223372036854775807n, -3n],
  u64: [0n, 18446744073709551615n, 9223372036854775808n],
  f32: [1.5, -0, NaN, Infinity, -Infinity, 3.4028234663852886e38, 1e-45],
  f64: [0.1, -0, NaN, Infinity, -Infinity, 1.7976931348623157e308, 5e-324],
  char: ['a', '\u00e9', '\u4e2d', '\u{1f600}', '\u{10ffff}', '\0'],
};
for (const n of names) {
  const key = 'echo' + n[0].toUpperCase() + n.slice(1);
  for (const v of cases[n])
    show(`${n}(${fmt(v)})`, api[key](v));
}
show('mix', api.mix(200, 0.25, -1000000000000n, 1e10, '\u{1f600}', true));
show('twiceNext(41)', ex.twiceNext(41));
show('twiceNext(4294967294)', ex.twiceNext(4294967294));
