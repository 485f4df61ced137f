// Child process of test/stages/input-stage.test.ts: runs the Node input stage on one path and prints the
// error codes as JSON. The test starts it as an unprivileged user when it runs as root (root reads any file).
import { readInputFile } from '../../../src/runtime/node/input-file.js';

const r = await readInputFile(process.argv[2]!);
process.stdout.write(`${JSON.stringify({ uid: process.getuid?.(), codes: r.stage.findings.filter((f) => f.severity === 'error').map((f) => f.code) })}\n`);
