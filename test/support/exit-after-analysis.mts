// Child process of test/analyze/unreadable-step-occt.test.ts: analyses one file (argv[2]) with a default Node analyzer
// (the real OpenCascade worker pool), never disposes it, prints the result's error code, and on exit how long the
// process lived on after the result: nothing the analysis left behind (a busy worker, a timer) may keep it up.
import { createNodeAnalyzer } from '../../src/runtime/node/analyze-file.js';

const analyzer = createNodeAnalyzer({ recognizers: [] });
const result = await analyzer.analyzeFile(process.argv[2]!);
const resultAt = performance.now();
console.log(JSON.stringify({ error: result.error?.code ?? null }));
process.on('exit', () => console.log(JSON.stringify({ exitLagMs: Math.round(performance.now() - resultAt) })));
