// A bare occt-import-js batch: load, compile the wasm once, import every STEP file listed in argv[2] (one path a line), exit.
// The baseline of tools/speed/cli-batch-ab.sh (as a bare import of the same files in one process).
(async () => {
  const fs = require('fs');
  const o = await require('occt-import-js')();
  for (const f of fs.readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean)) {
    const r = o.ReadStepFile(new Uint8Array(fs.readFileSync(f)), null);
    if (!r.success) process.exit(3);
  }
  process.exit(0);
})();
