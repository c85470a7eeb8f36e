// Driver for greet-by-hand: supplies kiln:greet/host, calls kiln:greet/api.
import { instantiate, show } from '../harness.mjs';

let calls = 0;
const exports = await instantiate({
  'kiln:greet/host': { prefix: () => (++calls % 2 ? 'Hello' : 'Grüß dich') },
});
// jco names an exported interface both ways.
show('same object', exports.api === exports['kiln:greet/api']);
const { greet, byteLength } = exports.api;
show('greet("world")', greet('world'));
show('greet("wörld 🌍")', greet('wörld 🌍'));
show('greet("")', greet(''));
show('byteLength("")', byteLength(''));
show('byteLength("héllo 🌍")', byteLength('héllo 🌍'));
show('greet(long)', greet('x'.repeat(5000)).length);
show('host calls', calls);
