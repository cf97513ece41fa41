import { measureLag } from './bench/scale-lag.ts';
const r = await measureLag({ url: 'http://127.0.0.1:4400/graphql', databaseUrl: 'postgres://postgres@127.0.0.1:5432/bench100k', rate: 200, seconds: Number(process.argv[2] ?? 8), people: 100000 });
console.log(r && { p50: r.p50.toFixed(1), p99: r.p99.toFixed(1), measured: r.measured, notices: r.notices, uncovered: r.uncovered, failed: r.failedWrites });
