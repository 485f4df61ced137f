/**
 * Strict reader of MFCAD's `.face_truth` files: a pickled flat list of small ints. Accepted bytes,
 * and nothing else: `\x80` + protocol (2 or 3), `]` (EMPTY_LIST), `q\x00` (BINPUT 0), then either
 * `.` (empty list) or `(` (MARK), one `K<byte>` (BININT1) per label, `e` (APPENDS), `.` (STOP).
 */
export function parseFaceTruth(bytes: Uint8Array): number[] {
  const fail = (why: string, at: number): never => {
    throw new Error(`face_truth: ${why} at byte ${at}`);
  };
  if (bytes[0] !== 0x80) fail('not a pickle (no PROTO opcode)', 0);
  if (bytes[1] !== 2 && bytes[1] !== 3) fail(`unsupported pickle protocol ${bytes[1]}`, 1);
  if (bytes.length < 5) fail('too short', bytes.length);
  if (bytes[2] !== 0x5d) fail('expected EMPTY_LIST', 2);
  if (bytes[3] !== 0x71 || bytes[4] !== 0x00) fail('expected BINPUT 0', 3);
  let i = 5;
  if (bytes[i] === 0x2e) {
    if (i + 1 !== bytes.length) fail('trailing bytes after STOP', i + 1);
    return [];
  }
  if (bytes[i] !== 0x28) fail('expected MARK', i);
  i++;
  const labels: number[] = [];
  while (i < bytes.length && bytes[i] === 0x4b) {
    if (i + 1 >= bytes.length) fail('truncated BININT1', i);
    labels.push(bytes[i + 1]);
    i += 2;
  }
  if (bytes[i] !== 0x65) fail('expected APPENDS', i);
  if (bytes[i + 1] !== 0x2e) fail('expected STOP', i + 1);
  if (i + 2 !== bytes.length) fail('trailing bytes after STOP', i + 2);
  return labels;
}
