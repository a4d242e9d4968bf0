import { describe, expect, it } from 'vitest';
import { parseStagePath } from '../../../src/gateway/stage-path.js';

describe('parseStagePath', () => {
  it.each<[string, ReturnType<typeof parseStagePath>]>([
    ['/local', { stage: 'local', query: undefined }],
    ['/local/', { stage: 'local', query: undefined }],
    ['/local?', { stage: 'local', query: undefined }],
    ['/local?room=a&room=b', { stage: 'local', query: 'room=a&room=b' }],
    ['/local/?x=1', { stage: 'local', query: 'x=1' }],
    ['/local?a=1?b=2', { stage: 'local', query: 'a=1?b=2' }],
    ['/my%20stage', { stage: 'my stage', query: undefined }],
    ['/%24default', { stage: '$default', query: undefined }],
    ['/local/extra', undefined],
    ['/local//', undefined],
    ['//local', undefined],
    ['/', undefined],
    ['', undefined],
    ['/?x=1', undefined],
    ['local', undefined],
    ['/%E0%A4%A', undefined],
  ])('%j → %j', (target, parsed) => {
    expect(parseStagePath(target)).toEqual(parsed);
  });
});
