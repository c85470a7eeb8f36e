// Driver for result-by-hand: `check` refuses 13 by throwing; `div` returns
// its ok value or throws a ComponentError carrying the error string.
import { instantiate, show } from '../harness.mjs';

const { div } = await instantiate({
  check: (x) => {
    if (x === 13) throw 'thirteen is unlucky';
    return x;
  },
});
for (const [a, b] of [[10, 3], [4000000000, 2], [1, 0], [5, 13], [0, 7]]) {
  try {
    show(`div(${a}, ${b})`, div(a, b));
  } catch (e) {
    show(`div(${a}, ${b}) threw ${e.constructor.name}`, e.payload);
  }
}
