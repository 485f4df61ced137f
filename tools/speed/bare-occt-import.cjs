// A bare occt-import-js process: load, compile the wasm, import one STEP file (argv[2]), exit. The baseline of tools/speed/cold-ab.sh.
(async () => { const o = await require('occt-import-js')(); const r = o.ReadStepFile(new Uint8Array(require('fs').readFileSync(process.argv[2])), null); if (!r.success) process.exit(3); process.exit(0); })();
