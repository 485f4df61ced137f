import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_DIR } from '../support/shared-data.js';

const read = (file: string) => readFileSync(join(REPO_DIR, file), 'utf8');

describe('the API site (typedoc) documents every public entry point', () => {
  it('typedoc.json has one entry point per package.json export, each named as it is imported (@module)', () => {
    const exported = Object.keys(JSON.parse(read('package.json')).exports as Record<string, unknown>)
      .filter((k) => k !== './package.json')
      .map((k) => (k === '.' ? 'cadlens' : `cadlens/${k.slice(2)}`))
      .sort();
    const entryPoints = JSON.parse(read('typedoc.json')).entryPoints as string[];
    const documented = entryPoints.map((file) => {
      const name = /^ \* @module (\S+)$/m.exec(read(file))?.[1];
      expect(name, `${file} names its module with @module`).toBeDefined();
      return name!;
    });
    expect([...documented].sort()).toEqual(exported);
  });
});
