/**
 * The real `talkwatch classify`, `eval` and `rules` commands. The eval tests are the quality bars, run
 * on the labelled fixtures exactly as a user would run them.
 */
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanEnv, repoRoot, runTalkwatch, scratchDir, SLOW } from '../support/cli.ts';

// relative to the repository, where the commands run
const fixtures = path.join('test', 'fixtures', 'labelled');
const dir = scratchDir('talkwatch-classify-');
const env = cleanEnv({ TALKWATCH_DATA_DIR: path.join(dir, 'data') });
const write = (name: string, text: string) => {
  writeFileSync(path.join(dir, name), text);
  return path.join(dir, name);
};
const figure = (output: string, name: string) => Number(new RegExp(`${name}\\s+([0-9.]+)`).exec(output)?.[1]);

/** Run talkwatch with text on standard input. */
function withStdin(args: string[], input: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [path.join(repoRoot, 'bin', 'talkwatch.mjs'), ...args], { env, cwd: repoRoot });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d));
  child.stderr.on('data', (d: Buffer) => (stderr += d));
  child.stdin.end(input);
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('talkwatch eval: the quality bars', SLOW, () => {
  it('iran-us-dev.tsv: macro-F1 at least 0.90 and every offtopic row dropped', async () => {
    const { code, stdout } = await runTalkwatch(['eval', path.join(fixtures, 'iran-us-dev.tsv')], env);
    expect(code).toBe(0);
    expect(figure(stdout, 'macro-F1')).toBeGreaterThanOrEqual(0.9);
    expect(stdout).toMatch(/^offtopic\s+0\s+0\s+0\s+6$/m);
    expect(stdout).toContain('kept 0 of 6 off-topic rows');
  });

  it('cameo-codebook-examples.tsv with --any-topic: macro-F1 at least 0.75', async () => {
    const { code, stdout } = await runTalkwatch(['eval', path.join(fixtures, 'cameo-codebook-examples.tsv'), '--any-topic', '--misses'], env);
    expect(code).toBe(0);
    expect(stdout).toContain('383 rows, 383 about the topic');
    expect(figure(stdout, 'macro-F1')).toBeGreaterThanOrEqual(0.75);
    expect(stdout).toMatch(/^misses \(\d+\):$/m);
  });

  it('refuses a gold label it does not know, naming the line', async () => {
    const file = write('bad-gold.tsv', 'id\tgold\ttitle\nA\tstall\tTalks collapse\nB\tprogres\tDeal signed\n');
    const { code, stderr } = await runTalkwatch(['eval', file], env);
    expect(code).toBe(1);
    expect(stderr).toContain('talkwatch: gold must be progress, stall, neutral, offtopic: line 3 has "progres"');
  });
});

describe('talkwatch classify', SLOW, () => {
  it('writes id, relevant, label, score, rules for each row of a file', async () => {
    const { code, stdout } = await runTalkwatch(['classify', '--input', path.join(fixtures, 'iran-us-dev.tsv')], env);
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toBe('id\trelevant\tlabel\tscore\trules');
    expect(lines).toHaveLength(59);
    expect(lines).toContain('D24\ttrue\tstall\t-3\tcameo-164-talks-break-down');
    expect(lines.find((l) => l.startsWith('O52\t'))).toMatch(/^O52\tfalse\t/);
  });

  it('reads standard input with - and ignores other columns; --any-topic keeps every row', async () => {
    const input = 'title\tid\tnote\nUS and Mexico talks collapse\tX1\tignored\n\nHarvest report\tX2\t\n';
    const topic = await withStdin(['classify', '--input', '-'], input);
    expect(topic.stdout).toBe('id\trelevant\tlabel\tscore\trules\nX1\tfalse\tstall\t-3\tcameo-164-talks-break-down\nX2\tfalse\tneutral\t0\t\n');
    const any = await withStdin(['classify', '--input', '-', '--any-topic'], input);
    expect(any.stdout.split('\n')[1]).toBe('X1\ttrue\tstall\t-3\tcameo-164-talks-break-down');
  });

  it.each([
    [['classify', '--input', 'no-such-file.tsv'], 'talkwatch: cannot read no-such-file.tsv (ENOENT)'],
    [['classify', '--input', 'test'], 'talkwatch: test is a folder; give a TSV file'],
    [['classify', '--input', path.join(fixtures, 'cameo-root-to-label.tsv')], 'talkwatch: the header (line 1) lacks id, title'],
    [['classify', '--input', path.join(fixtures, 'iran-us-dev.tsv'), '--topic', 'sudan'], 'talkwatch: unknown topic "sudan"; known topics: iran-us, russia-ukraine, israel-hamas, armenia-azerbaijan, korean-peninsula.'],
    [['classify', '--input', path.join(fixtures, 'iran-us-dev.tsv'), '--topic', 'iran-us', '--any-topic'], "option '--topic <name>' cannot be used with option '--any-topic'"],
    [['classify'], "required option '--input <file>' not specified"],
  ])('%j fails with a clear message', async (args, message) => {
    const { code, stderr } = await runTalkwatch(args, env);
    expect(code).not.toBe(0);
    expect(stderr).toContain(message);
  });
});

describe('talkwatch rules', SLOW, () => {
  const rules = write(
    'rules.yaml',
    [
      'rules:',
      '  - id: desk-torpedo',
      '    label: stall',
      '    weight: 2',
      '    phrases: ["torpedo * talks"]',
      '    source: "user:our desk"',
      'topics:',
      '  - name: sudan-jeddah',
      '    parties:',
      '      - { name: SAF, terms: [sudanese army, burhan] }',
      '      - { name: RSF, terms: [=rsf, rapid support forces] }',
      '    venues: [jeddah]',
      '    process: [talks, truce]',
    ].join('\n'),
  );
  const bad = write(
    'bad-rules.yaml',
    'rules:\n  - id: desk-torpedo\n    label: stalled\n    weight: 2\n    phrases: ["torpedo *"]\n    source: "user:x"\n  - id: desk-ok\n    label: progress\n    weight: 1\n    phrases: [reopen]\n    source: ours\n',
  );

  it('check: a good file is ok', async () => {
    const { code, stdout } = await runTalkwatch(['rules', 'check', rules], env);
    expect(code).toBe(0);
    expect(stdout).toMatch(/rules\.yaml: ok: \d+ rules, topics iran-us, russia-ukraine, israel-hamas, armenia-azerbaijan, korean-peninsula, sudan-jeddah/);
    expect(stdout).toContain("topic sudan-jeddah: 2 parties, 0 names");
  });

  it('check: each bad rule is reported with file, rule id and problem', async () => {
    const { code, stdout } = await runTalkwatch(['rules', 'check', bad], env);
    expect(code).toBe(1);
    expect(stdout).toContain(`${bad}: rule desk-torpedo: label must be one of progress, stall, neutral (got "stalled")`);
    expect(stdout).toContain(`${bad}: rule desk-torpedo: phrases: "torpedo *" ends with *; a phrase must end with a word`);
    expect(stdout).toContain(`${bad}: rule desk-ok: source must say where the rule comes from`);
    expect(stdout).toContain('3 problems');
  });

  it('check: YAML errors and missing files are problems too; with no file it reports the defaults', async () => {
    const broken = write('broken.yaml', 'rules: [\n  - id: x\n');
    const yaml = await runTalkwatch(['rules', 'check', broken], env);
    expect(yaml.code).toBe(1);
    expect(yaml.stdout).toContain(`${broken}: not valid YAML (`);
    const missing = await runTalkwatch(['rules', 'check', path.join(dir, 'nope.yaml')], env);
    expect(missing.stdout).toContain('nope.yaml: cannot be read (ENOENT)');
    const none = await runTalkwatch(['rules', 'check'], env);
    expect(none.code).toBe(0);
    expect(none.stdout).toMatch(/no rules file given or configured .* the default tables are in use: \d+ rules, topics iran-us/);
  });

  it('the config key rules: extends the tables for classify, rules test and rules list', async () => {
    const config = write('talkwatch.yaml', 'rules: ./rules.yaml\n');
    const withRules = { ...env, TALKWATCH_CONFIG: config };
    const input = write('sudan.tsv', 'id\ttitle\nS1\tHardliners torpedo the Jeddah talks between the Sudanese army and the RSF\n');
    const classified = await runTalkwatch(['classify', '--input', input, '--topic', 'sudan-jeddah'], withRules);
    expect(classified.stdout.split('\n')[1]).toBe('S1\ttrue\tstall\t-2\tdesk-torpedo');
    const tested = await runTalkwatch(['rules', 'test', 'They', 'did', 'not', 'torpedo', 'the', 'talks', '--any-topic'], withRules);
    expect(tested.stdout).toBe('neutral (score 0; progress needs +1 or more, stall -1 or less)\nno topic filter: every item is relevant\n  title "torpedo the talks": desk-torpedo, stall, 0 (negated)\n');
    const listed = await runTalkwatch(['rules', 'list'], withRules);
    expect(listed.stdout).toMatch(/^desk-torpedo\s+stall\s+2\s+1\s+user:our desk$/m);
    expect(listed.stdout).toContain('  sudan-jeddah: SAF / RSF');
  });

  it('a bad rules file named in the config stops the command with every problem listed', async () => {
    const config = write('bad-config.yaml', 'rules: ./bad-rules.yaml\n');
    const { code, stderr } = await runTalkwatch(['classify', '--input', path.join(fixtures, 'iran-us-dev.tsv')], { ...env, TALKWATCH_CONFIG: config });
    expect(code).toBe(1);
    expect(stderr).toContain('talkwatch: the rules file has 3 problems; fix them, or remove rules: from the config:');
    expect(stderr).toContain('./bad-rules.yaml: rule desk-torpedo: label must be one of progress, stall, neutral (got "stalled")');
  });

  it('talkwatch start refuses a bad rules file before it writes anything', async () => {
    const config = write('bad-start.yaml', 'rules: ./bad-rules.yaml\n');
    const dataDir = path.join(dir, 'start-data');
    const { code, stderr } = await runTalkwatch(['start'], { ...env, TALKWATCH_CONFIG: config, TALKWATCH_DATA_DIR: dataDir, PORT: '0' });
    expect(code).toBe(1);
    expect(stderr).toMatch(/^talkwatch: the rules file has 3 problems/);
    expect(existsSync(dataDir)).toBe(false);
  });
});
