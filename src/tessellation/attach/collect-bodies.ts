import type { Part } from '../../model/index.js';

/** A Part body: a solid (all its shells) or one free/open shell. */
export type BodyRef = { kind: 'solid'; index: number } | { kind: 'shell'; index: number };

/** @internal A body an occt mesh can be attached to, with its placements (filled by `assignTransforms`). */
export interface Body {
  ref: BodyRef;
  faces: number[];
  closed: boolean;
  transforms: number[][];
  /** Inverse transforms (body frame ← world). */
  inverses: number[][];
}

/**
 * @internal The bodies occt emits one mesh each for: every solid (faces of all its shells, in shell
 * order), every shell of a shell-based surface model, and every shell outside a solid.
 */
export function collectBodies(part: Part): Body[] {
  const bodies: Body[] = [];
  part.solids.forEach((s, index) => {
    if (s.kind === 'shell_based_surface_model') {
      for (const sh of s.shells) {
        const shell = part.shells[sh];
        if (shell) bodies.push({ ref: { kind: 'shell', index: sh }, faces: shell.faces.slice(), closed: shell.kind === 'closed', transforms: [], inverses: [] });
      }
      return;
    }
    const faces: number[] = [];
    let closed = s.shells.length > 0;
    for (const sh of s.shells) {
      const shell = part.shells[sh];
      if (!shell) continue;
      faces.push(...shell.faces);
      if (shell.kind !== 'closed') closed = false;
    }
    bodies.push({ ref: { kind: 'solid', index }, faces, closed, transforms: [], inverses: [] });
  });
  part.shells.forEach((shell, index) => {
    if (shell.solid === -1) bodies.push({ ref: { kind: 'shell', index }, faces: shell.faces.slice(), closed: shell.kind === 'closed', transforms: [], inverses: [] });
  });
  return bodies;
}
