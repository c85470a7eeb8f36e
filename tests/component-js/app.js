// A JavaScript command component (jco componentize: StarlingMonkey inside,
// about 15 MB): work done by the JS engine, output through wasi:cli.
function fib(n) {
  return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

export const run = {
  run() {
    console.log("hello from a JavaScript component");
    const words = "the quick brown fox jumps over the lazy dog".split(" ");
    const counts = {};
    for (const w of words) counts[w] = (counts[w] || 0) + 1;
    console.log(JSON.stringify(counts));
    console.log("fib(20) =", fib(20));
    console.log([3, 1, 2].sort().map((x) => x * 2).join(","));
    console.log("unicode:", "héllo wörld ✓".toUpperCase(), "✓".length);
    const m = new Map([["a", 1], ["b", 2]]);
    console.log("map size", m.size, [...m.keys()].join("+"));
    console.log(typeof BigInt === "function" ? (2n ** 64n).toString() : "no bigint");
  },
};
