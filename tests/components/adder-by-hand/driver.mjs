// Driver for adder-by-hand: supplies `log`, calls `add`.
import { instantiate, show } from '../harness.mjs';

const { add } = await instantiate({
  log: (msg) => console.log(`log: ${msg}`),
});
show('add(2, 3)', add(2, 3));
show('add(4294967295, 2)', add(4294967295, 2));
show('add(2147483648, 2147483647)', add(2147483648, 2147483647));
