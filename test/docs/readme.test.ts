/** The README's command tables are generated from the command list: a change to one without the other fails here. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { README, SECTIONS, withGeneratedSections } from '../../bots/readme.ts';
import { COMMANDS, usageOf } from '../../core/commands/grammar.ts';

const readme = readFileSync(README, 'utf8');

describe('README.md', () => {
  it('states the commands exactly as core/commands/spec.ts does (npm run readme rewrites them)', () => {
    expect(withGeneratedSections(readme)).toBe(readme);
  });

  it('has every command in its grammar, argument and Discord tables', () => {
    expect(Object.keys(SECTIONS)).toEqual(['grammar', 'args', 'roles', 'discord']);
    for (const entry of COMMANDS) expect(readme).toContain(usageOf(entry).replace(/\|/g, '\\|'));
  });
});
