import { loadSchemaDir } from '/work/main/src/model/load-schema-dir.js';
import { createViewCache } from '/work/main/src/views/create-view-cache.js';
const person = (await loadSchemaDir('/work/main/schema')).entity('Person') as any;
let seq = 0;
const P = ['name', 'age', 'tags', 'visits', 'friends'];
const mk = () => { seq++; const p = P[seq % 5]!; return { id: `delta-${String(seq).padStart(10, '0')}`, creator: 'bench', host: 'bench', timeCreated: 1_700_000_000_000 + seq - (seq % 3),
  pointers: [{ localContext: 'person', target: { id: 'big' }, targetContext: p }, { localContext: p, target: p === 'friends' ? { id: `f${seq % 1000}` } : p === 'age' || p === 'visits' ? seq % 100 : `w${seq % 8}` }] }; };
const N = Number(process.argv[2] ?? 100000);
const deltas = JSON.parse(JSON.stringify(Array.from({ length: 2 * N }, mk)));
const cache = createViewCache(); cache.load('big', []); cache.lossy('big', person);
for (let i = 0; i < N; i++) cache.apply(deltas[i]);
const t = process.cpuUsage();
for (let i = N; i < 2 * N; i++) cache.apply(deltas[i]);
const u = process.cpuUsage(t);
console.log(N, ((u.user + u.system) * 1000 / N).toFixed(0), 'ns/delta');
