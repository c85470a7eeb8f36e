// Driver for command-app: supplies kiln:cmdapp/words, runs main through
// wasi:cli/run (stdout goes through preview2-shim).
import { instantiate, show } from '../harness.mjs';

const exports = await instantiate({
  'kiln:cmdapp/words': {
    split: (line) => line.split(' ').filter((w) => w.length),
    join: (words, sep) => {
      if (!words.length) throw 'nothing to join';
      return words.join(sep);
    },
  },
});
show('exports', Object.keys(exports).sort());
exports.run.run();
