/**
 * Handler code runs in the emulator's process, and `/proc/self/environ` shows the environment the
 * process STARTED with, whatever `process.env` says later. Removing the host's AWS credentials from
 * `process.env` therefore does not hide them from a handler that reads that file; only a process
 * started without them does. So the CLI runs itself again, once, without them.
 * https://man7.org/linux/man-pages/man5/proc_pid_environ.5.html
 */
import { spawn } from 'node:child_process';

/** Variables that carry credentials (the SDKs' environment provider reads them). */
export const HOST_CREDENTIAL_VARIABLES = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_SECURITY_TOKEN'] as const;
/** Set in the relaunched process, so it does not relaunch again. */
const RELAUNCHED = 'APIGW_WS_LOCAL_WITHOUT_HOST_CREDENTIALS';

/**
 * Runs this CLI again in a child process without the host's credential variables, when there are
 * any, and resolves with its exit code; resolves undefined when nothing needs hiding (run here).
 * With `--dynamodb-endpoint` the emulator's own DynamoDB client may need them (a real account's
 * endpoint), so they stay.
 */
export function relaunchWithoutHostCredentials(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> | undefined {
  if (env[RELAUNCHED] !== undefined || argv.includes('--dynamodb-endpoint') || argv.includes('--help') || argv.includes('-h')) return undefined;
  if (!HOST_CREDENTIAL_VARIABLES.some((name) => env[name] !== undefined)) return undefined;
  const childEnv: NodeJS.ProcessEnv = { ...env, [RELAUNCHED]: '1' };
  for (const name of HOST_CREDENTIAL_VARIABLES) delete childEnv[name];
  const child = spawn(process.execPath, [...process.execArgv, ...argv.slice(1)], { env: childEnv, stdio: 'inherit' });
  // Ctrl-C reaches the child through the terminal's process group; a signal sent to this process
  // alone (kill PID, a test's SIGTERM) is passed on, so the child closes its connections cleanly.
  const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
  const onInt = forward('SIGINT');
  const onTerm = forward('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolve(code ?? (signal === null ? 1 : 128 + (signal === 'SIGINT' ? 2 : 15)));
    });
  });
}
