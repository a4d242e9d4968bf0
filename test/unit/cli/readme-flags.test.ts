import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { buildProgram } from '../../../src/cli/main.js';

// The README's Options section opens with "Every flag of `apigw-ws-local serve --help`"; its table lists
// each as `--flag`, so a new flag without a row fails here.
test('every flag of serve --help has a row in the README Options table', () => {
  const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
  const serve = buildProgram().commands.find((command) => command.name() === 'serve');
  const flags = serve?.options.map((option) => option.long as string) ?? [];
  expect(flags).toContain('--template');
  expect(flags.length).toBeGreaterThan(30);
  const missing = flags.filter(
    (flag) => !readme.includes(`| \`${flag} `) && !readme.includes(`\`${flag}\` |`) && !new RegExp(`\\| \`-[a-z], ${flag}[ \`]`).test(readme),
  );
  expect(missing).toEqual([]);
});

test('every flag of invoke --help has a row in the README Options table', () => {
  const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
  const invoke = buildProgram().commands.find((command) => command.name() === 'invoke');
  const flags = invoke?.options.map((option) => option.long as string).filter((flag) => flag !== '--log-level') ?? [];
  expect(flags).toEqual(['--event', '--url']);
  expect(flags.filter((flag) => !readme.includes(`| \`invoke ${flag} `))).toEqual([]);
});
