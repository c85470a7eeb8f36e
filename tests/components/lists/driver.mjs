// Driver for lists.
import { instantiate, show } from '../harness.mjs';

const { api } = await instantiate({
  'kiln:lists/host': {
    bump: (b) => { show('  host bump got', b.length > 8 ? b.length : b); return b.map((x) => (x + 1) & 255); },
    transpose: (m) => m.length === 0 ? [] :
      Array.from(m[0], (_, j) => m.map((row) => row[j])),
    moveAll: (ps) => ps.map((p) => ({ x: p.x + 1, y: p.y + 1, label: p.label + '\u2032' })),
  },
});
show('bump([])', api.bump(new Uint8Array([])));
show('bump([0, 1, 255])', api.bump(new Uint8Array([0, 1, 255])));
show('bump(1000)', api.bump(new Uint8Array(1000).fill(7)).reduce((a, b) => a + b, 0));
show('transpose', api.transpose([new Uint32Array([1, 2, 3]), new Uint32Array([4, 5, 6])]));
show('transpose([])', api.transpose([]));
show('moveAll', api.moveAll([{ x: 1, y: -2, label: 'a' }, { x: -7, y: 0, label: '' }]));
show('sumF64', api.sumF64(new Float64Array([0.5, 1.25, -3])));
show('sumF64([])', api.sumF64(new Float64Array([])));
show('negate', api.negate(new BigInt64Array([1n, -9223372036854775807n, 0n])));
show('flip', api.flip([true, false, false]));
show('pairs(4)', api.pairs(4));
show('pairs(0)', api.pairs(0));
show('deep', api.deep([[['ab', 'c'], []], [], [['\u{1f600}']]]));
