import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../bots/config.ts';
import { cleanEnv } from '../support/cli.ts';

describe('TALKWATCH_DEFAULT_FEEDS', () => {
  it.each([
    [undefined, true],
    ['', true],
    ['1', true],
    ['0', false],
    ['false', false],
  ])('%s -> %s', (value, expected) => {
    expect(loadConfig(value === undefined ? {} : { TALKWATCH_DEFAULT_FEEDS: value }).defaultFeeds).toBe(expected);
  });

  it('refuses anything else with the fix', () => {
    expect(() => loadConfig({ TALKWATCH_DEFAULT_FEEDS: 'some' })).toThrow(ConfigError);
    expect(() => loadConfig({ TALKWATCH_DEFAULT_FEEDS: 'some' })).toThrow(/^TALKWATCH_DEFAULT_FEEDS="some" is not valid: use 1 or true to turn TALKWATCH_DEFAULT_FEEDS on, 0 or false for off \(unset means on\)\.$/);
  });

  it('is off in the environment tests run talkwatch with, so no test reaches the internet', () => {
    expect(cleanEnv().TALKWATCH_DEFAULT_FEEDS).toBe('0');
    expect(cleanEnv({ TALKWATCH_DEFAULT_FEEDS: '1' }).TALKWATCH_DEFAULT_FEEDS).toBe('1');
  });
});
