// Driver for resources-export: the C resource is a JS class; dropping a
// handle ([Symbol.dispose]) runs the C destructor.
import { instantiate, show } from '../harness.mjs';

const ex = await instantiate({});
const api = ex.canvasApi;
const { Canvas } = api;
const a = new Canvas('alpha');
const b = new Canvas('b\u00e9ta');
show('live after 2 new', api.live());
show('a.draw', a.draw('line'));
show('a.draw', a.draw('circle \u{1f535}'));
show('b.draw', b.draw(''));
show('a.describe', a.describe());
const j = Canvas.join(a, b);
show('join.describe', j.describe());
show('live after join', api.live());
show('take(b)', Canvas.take(b));
show('live after take', api.live());
const many = api.makeMany(3);
show('makeMany', many.map((c) => c.describe()));
show('live after makeMany', api.live());
// jco 1.35 lifts a list of handles with `var` bindings inside the loop, so
// every element's [Symbol.dispose] closure drops the last handle: dispose
// only the last one, and give the others back to C (own parameters).
show('take(many[0])', Canvas.take(many[0]));
show('take(many[1])', Canvas.take(many[1]));
many[2][Symbol.dispose]();
a[Symbol.dispose]();
show('live after dispose', api.live());
show('j still works', j.describe());
j[Symbol.dispose]();
show('live at end', api.live());
