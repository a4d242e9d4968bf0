import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

// The README is a front page that links into docs/; a moved or renamed section must not leave a
// link behind. Every relative link of README.md and docs/*.md must name a file that exists and, when
// it has a #fragment, a heading of that file (GitHub's anchors).
const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '../..');
const pages = ['README.md', ...readdirSync(path.join(root, 'docs')).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`)];

/** Markdown without fenced code blocks and inline code spans, where brackets are not links. */
function stripCode(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function buildAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const [, heading] of markdown.replace(/^```[\s\S]*?^```/gm, '').matchAll(/^#{1,6} +(.+?) *#*$/gm)) {
    const slug = (heading as string).toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

/** The relative links of `text` (the content of `page`) that name no file or no heading. */
function findBrokenLinks(page: string, text = readFileSync(path.join(root, page), 'utf8')): string[] {
  const broken: string[] = [];
  for (const [, target] of stripCode(text).matchAll(/\]\(([^)\s]+)\)/g)) {
    if (/^[a-z]+:/i.test(target as string)) continue; // https:, mailto:
    const [file, fragment] = (target as string).split('#') as [string, string | undefined];
    const resolved = path.join(root, path.dirname(page), file);
    if (file !== '' && !existsSync(resolved)) {
      broken.push(`${page}: ${target} (no such file)`);
    } else if (fragment !== undefined && !buildAnchors(file === '' ? text : readFileSync(resolved, 'utf8')).has(fragment)) {
      broken.push(`${page}: ${target} (no such heading)`);
    }
  }
  return broken;
}

test('the pages checked are the front page and the docs it links to', () => {
  expect(pages).toEqual(expect.arrayContaining(['README.md', 'docs/aws-behaviour.md', 'docs/testing.md', 'docs/errors.md']));
});

test('GitHub anchors are computed as GitHub computes them', () => {
  expect([...buildAnchors('# Old runtimes and `aws-sdk` v2\n## This project\'s own tests\n## A\n## A\n')]).toEqual([
    'old-runtimes-and-aws-sdk-v2',
    'this-projects-own-tests',
    'a',
    'a-1',
  ]);
});

test.each(pages)('every relative link of %s resolves to a file and heading', (page) => {
  expect(findBrokenLinks(page)).toEqual([]);
});

test('a missing file, a missing heading and a missing heading of the same page are found', () => {
  const text = '## Options\n[a](docs/nope.md) [b](docs/testing.md#nope) [c](#option) [d](#options) [e](https://x.org/a#b)\n';
  expect(findBrokenLinks('README.md', text)).toEqual([
    'README.md: docs/nope.md (no such file)',
    'README.md: docs/testing.md#nope (no such heading)',
    'README.md: #option (no such heading)',
  ]);
});

test('the front page links into docs/', () => {
  const links = stripCode(readFileSync(path.join(root, 'README.md'), 'utf8')).match(/\]\(docs\/[^)]+\)/g) ?? [];
  expect(links.length).toBeGreaterThan(15);
});
