// Driver for options-results: an import returns err by throwing; an
// export's err arrives as a thrown ComponentError with .payload.
import { instantiate, show } from '../harness.mjs';

const { api } = await instantiate({
  'kiln:options/host': {
    inc: (x) => x === undefined ? undefined : x + 1,
    flatten: (x) => {
      show('  host flatten got', x);
      // The outer option is {tag, val}, the inner one T | undefined.
      if (x.tag === 'none') return { tag: 'some', val: 'was none' };
      if (x.val === undefined) return { tag: 'none' };
      return { tag: 'some', val: x.val + '!' };
    },
    check: (x) => { if (x === 0) throw 'zero'; },
    halve: (x) => { if (x % 2) throw 'odd'; return x / 2; },
    validate: (s) => { if (s.length > 3) throw `too long: ${s}`; },
    parse: (x) => { if (x < 0) throw BigInt(x) * 1000000000000n; return `#${x}`; },
  },
});

function call(label, f) {
  try {
    show(label, f());
  } catch (e) {
    if (e.constructor.name !== 'ComponentError') throw e;
    show(`${label} threw`, e.payload);
  }
}
call('inc(none)', () => api.inc(undefined));
call('inc(7)', () => api.inc(7));
call('inc(4294967294)', () => api.inc(4294967294));
call('flatten(none)', () => api.flatten({ tag: 'none' }));
call('flatten(some(none))', () => api.flatten({ tag: 'some', val: undefined }));
call('flatten(some(some))', () => api.flatten({ tag: 'some', val: 'x\u00e9' }));
call('check(0)', () => api.check(0));
call('check(5)', () => api.check(5));
call('halve(8)', () => api.halve(8));
call('halve(9)', () => api.halve(9));
call('validate(ab)', () => api.validate('ab'));
call('validate(abcdef)', () => api.validate('abcdef'));
call('parse(42)', () => api.parse(42));
call('parse(-3)', () => api.parse(-3));
call('describe 1', () => api.describe({ tag: 'ok', val: 2.5 }, 1.25, { tag: 'ok' },
                                      { tag: 'ok', val: 200 }));
call('describe 2', () => api.describe({ tag: 'err', val: 'bad \u00e9' }, undefined,
                                      { tag: 'err', val: 255 }, { tag: 'ok', val: undefined }));
call('describe 3', () => api.describe({ tag: 'ok', val: -0 }, NaN, { tag: 'ok' },
                                      { tag: 'err' }));
