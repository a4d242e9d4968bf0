import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { loadTemplate, type TemplateLoadOptions } from '../../../../src/config/cloudformation/load-template.js';

const FIXTURE = fileURLToPath(new URL('../../../fixtures/routeless/', import.meta.url));
const BASE: TemplateLoadOptions = { region: 'eu-west-1', accountId: '123456789012', stackName: 'routeless', apiId: 'abc123defg' };

describe('functions no route uses', () => {
  test('come out like routed ones: code directory, handler, runtime, Globals, own environment', () => {
    const loaded = loadTemplate(path.join(FIXTURE, 'template.yaml'), BASE);
    expect(loaded.problems).toEqual([]);
    expect(loaded.warnings).toEqual([]);
    expect(loaded.options.functions?.Broadcast).toEqual({
      handler: 'app.broadcast',
      codeDir: path.resolve(FIXTURE),
      runtime: 'nodejs20.x',
      timeoutMs: 5000,
      environment: { TABLE_NAME: 'sent', CALLBACK_URL: 'https://abc123defg.execute-api.eu-west-1.amazonaws.com/prod' },
    });
    expect(Object.keys(loaded.options.functions ?? {})).toEqual(['ConnectFunction', 'MessageFunction', 'Broadcast']);
    expect(loaded.options.routes).toEqual({ $connect: { function: 'ConnectFunction' }, $default: { function: 'MessageFunction' } });
  });

  test('those that cannot run here are left out with one warning naming each and why', () => {
    const file = path.join(FIXTURE, 'left-out.yaml');
    const loaded = loadTemplate(file, BASE);
    expect(loaded.problems).toEqual([]);
    expect(Object.keys(loaded.options.functions ?? {})).toEqual(['ConnectFunction', 'NoExport']);
    const shown = path.relative(process.cwd(), path.join(FIXTURE, 'gone'));
    expect(loaded.warnings).toEqual([
      `${path.relative(process.cwd(), file)}: functions without a route left out (not invocable): Resize (runtime python3.12), Worker (CodeUri ./missing not found), Lost (Handler gone.handler: no ${shown}.js, .mjs, .cjs or .ts), Image (PackageType Image), Imported (Fn::ImportValue is not supported: values exported by another stack do not exist locally)`,
    ]);
  });
});
