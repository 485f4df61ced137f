const { createNodeAnalyzer } = await import('/work/main/src/runtime/node/analyze-file.js');
const a = createNodeAnalyzer({});
const { result, part }: any = await a.analyzeFileDetailed(process.argv[2]);
for (const s of result.stages) console.log(s.name, s.passed, JSON.stringify(s.findings.map((f: any) => [f.code, f.severity, f.message.slice(0, 150)])));
console.log('mesh tris', part?.mesh?.indices?.length / 3, 'faces', part?.faces?.length, part?.faces?.map((f: any) => f.mapping.status + ':' + (f.triangles?.count ?? 0)).join(' '));
console.log(part?.units, JSON.stringify(part?.summary?.bbox));
await a.dispose();
