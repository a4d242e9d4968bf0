import { Command, CommanderError } from 'commander';
import { runInvoke, type InvokeFlags } from './invoke-command.js';
import { EXIT_USAGE } from './serve-command.js';
import type { ServeFlags } from './parse-flags.js';
import { serve } from './serve-command.js';

const collect = (value: string, previous: string[]): string[] => [...previous, value];


export function buildProgram(): Command {
  const program = new Command('apigw-ws-local')
    .description('Run Amazon API Gateway WebSocket APIs and their Lambda handlers locally.')
    // A flag commander refuses (unknown, missing its value) is a usage error like any bad option:
    // its message, where to read the options, and exit code 2 (see `main`). The help itself is
    // forty lines that would bury the message.
    .showHelpAfterError('(the options: apigw-ws-local serve --help)')
    .exitOverride()
    .addHelpText('after', '\nserve is the default command: "apigw-ws-local --port 4000" is "apigw-ws-local serve --port 4000".\nIts options: apigw-ws-local serve --help');
  program
    .command('serve', { isDefault: true })
    .description('start the emulator (the default command)')
    // Project files. Options given here win over the config file, which wins over the template;
    // so flags have no commander defaults (an unset flag must not hide the file's value), and
    // each description states the library's default instead.
    .option('--template <file>', 'SAM/CloudFormation template to run (default: template.yaml, .yml or .json here; .aws-sam/build/template.yaml when built)')
    .option('--serverless <file>', 'serverless.yml to run (default: serverless.yml here)')
    .option('-c, --config <file>', 'config file (default: apigw-ws.config.json or .mjs here)')
    .option('--api <logicalId>', 'the WebSocket API to run, when the template has several')
    .option('--parameter-overrides <Key=Value...>', "template parameter values, as sam deploy takes them, e.g. 'TableName=chat Env=dev' (repeatable)", collect, [])
    .option('--stack-name <name>', "AWS::StackName in the template (default: samconfig.toml's stack_name, else the directory name)")
    .option('--print-config', 'print what was understood (routes, functions, tables, options) as JSON and exit')
    .option('-p, --port <port>', 'port for WebSocket and @connections; 0 picks a free port (default: 3001)')
    .option('--host <host>', 'interface to listen on (default: 127.0.0.1)')
    .option('-s, --stage <name>', "stage name: the WebSocket URL is ws://HOST:PORT/STAGE (default: the template's Stage, serverless.yml's stage, else local)")
    .option('--stage-variable <key=value>', 'stage variable, in every event as stageVariables (repeatable)', collect, [])
    .option('-r, --route <key=handler>', "route to a Lambda handler, e.g. '$default=handlers/app.handler' (repeatable)", collect, [])
    .option('--route-selection-expression <expr>', 'route selection expression (default: $request.body.action)')
    .option('--route-response <key>', 'make a route two-way: its result body is sent back (repeatable)', collect, [])
    .option('-e, --env <key=value>', 'environment variable for every handler (repeatable)', collect, [])
    .option('--function-timeout <duration>', 'Lambda function timeout (ms or 500ms, 3s, 10m, 2h) (default: 3s)')
    .option('--integration-timeout <duration>', 'API Gateway integration timeout, at most 29s (default: 29s)')
    .option('--idle-timeout <duration>', 'close connections idle this long with 1001 (default: 10m)')
    .option('--max-connection-duration <duration>', 'close connections this old with 1001 (default: 2h)')
    .option('--max-frame-bytes <bytes>', 'largest frame a client may send; larger ones close with 1009 (default: 32768)')
    .option('--max-message-bytes <bytes>', 'largest message a client may send; larger ones close with 1009 (default: 131072)')
    .option('--binary <mode>', 'binary frames from clients: reject (close 1003, as AWS documents) or accept (base64) (default: reject)')
    .option('--connection-rate <n>', 'new connections per second before upgrades get 429 (AWS: 500); default: no limit')
    .option('--message-rate <n>', 'messages per second one connection may send; more get a "Too Many Requests" error frame; default: no limit (AWS has none per connection)')
    .option('--authorizer <handler>', 'Lambda REQUEST authorizer on $connect, e.g. handlers/auth.handler')
    .option('--no-authorizer', "no authorizer on $connect, even when the template, serverless.yml or config file has one")
    .option('--identity-source <sources>', 'comma-separated identity sources the authorizer needs, e.g. route.request.header.Authorization,route.request.querystring.token')
    .option('--iam-auth', 'AWS_IAM on $connect: upgrades must be SigV4-signed with --credentials')
    .option('--verify-signatures', '@connections requests must carry a valid SigV4 signature made with --credentials')
    .option('--credentials <key:secret>', 'credentials handlers get, and the only ones --verify-signatures accepts (default: fixed fake ones)')
    .option('-t, --table <spec>', 'DynamoDB table NAME:HASHKEY[:RANGEKEY], keys typed with =S, =N or =B, e.g. rooms:room:connectionId (repeatable)', collect, [])
    .option('--dynamodb-endpoint <url>', 'use this DynamoDB (e.g. DynamoDB Local) instead of the embedded one')
    .option('--persist <dir>', 'keep the embedded DynamoDB data in this directory between runs')
    .option('--no-dynamodb', 'start no DynamoDB')
    .option('--no-inspector', 'serve no inspector page (live connections and invocations) at http://HOST:PORT/_inspector')
    .option('--api-id <id>', 'emulated API id, 10 characters a-z0-9 (default: random)')
    .option('--region <region>', "emulated region, AWS_REGION in handlers (default: serverless.yml's, else us-east-1)")
    .option('--domain-name <name>', 'requestContext.domainName (default: {apiId}.execute-api.{region}.amazonaws.com)')
    .option('--execution <mode>', 'worker: each Lambda environment is a worker thread; inline: run in this thread (default: worker)')
    .option('--max-environments <n>', 'execution environments per function before invocations queue (default: 2)')
    .option('--max-total-environments <n>', 'execution environments alive at once across all functions (default: 6)')
    .option('--watch', 'reload functions and project files when they change, connections staying open (default: on in a terminal)')
    .option('--no-watch', 'never reload on file changes (default when the output is not a terminal)')
    .option('--log-level <level>', 'debug, info, warn, error or silent', 'info')
    .action((flags: ServeFlags) => serve(flags));
  program
    .command('invoke')
    .description("invoke a function as Lambda's Invoke does: through the emulator at --url, or one started for the call from the project here")
    .argument('<name>', 'function name (a key of functions, the template\'s function name)')
    .option('--event <file>', "the event as a JSON file, or - to read it from stdin (default: {})")
    .option('--url <url>', "a running emulator's address", 'http://127.0.0.1:3001')
    .option('--log-level <level>', 'debug, info, warn, error or silent', 'info')
    .action((name: string, flags: InvokeFlags) => runInvoke(name, flags));
  return program;
}

export async function main(argv: string[] = process.argv): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    // Commander has written its message (or the help, which "exits" 0) already.
    if (!(error instanceof CommanderError)) throw error;
    process.exitCode = error.exitCode === 0 ? 0 : EXIT_USAGE;
  }
}
