// Driver for hello-command-by-hand: supplies `log`, calls wasi:cli/run.
import { instantiate, show } from '../harness.mjs';

const exports = await instantiate({ log: (m) => console.log(`log: ${m}`) });
show('exports', Object.keys(exports).sort());
show('run()', exports.run.run());
