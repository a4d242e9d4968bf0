import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { findSamConfig, loadSamConfig } from '../../../../src/config/cloudformation/load-samconfig.js';

const fixtures = fileURLToPath(new URL('../../../fixtures/', import.meta.url));

describe('loadSamConfig', () => {
  test('samconfig.yaml with parameter_overrides as a list; later sections win key by key', () => {
    const file = findSamConfig(path.join(fixtures, 'samconfig-yaml'));
    expect(file).toBe(path.join(fixtures, 'samconfig-yaml', 'samconfig.yaml'));
    expect(loadSamConfig(file as string)).toEqual({
      file,
      stackName: 'yaml-stack',
      region: 'ap-south-1',
      parameterOverrides: { TableName: 'from_list', Greeting: 'hi there' },
      problems: [],
    });
  });

  test('samconfig.toml: the default environment only, deploy over global', () => {
    const file = path.join(fixtures, 'project', 'samconfig', 'samconfig.toml');
    expect(loadSamConfig(file)).toEqual({
      file,
      stackName: 'chat-prod',
      region: 'eu-west-2',
      parameterOverrides: { TableName: 'saved_table', Greeting: 'hello there' },
      problems: [],
    });
    expect(loadSamConfig(file, 'prod')).toEqual({ file, stackName: 'not-this-environment', problems: [] });
  });

  test('none where there is none', () => {
    expect(findSamConfig(path.join(fixtures, 'project', 'precedence'))).toBeUndefined();
  });
});
