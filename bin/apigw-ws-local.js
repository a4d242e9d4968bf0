#!/usr/bin/env node
// Tiny shim: check the Node version, then run the compiled CLI (without the host's credentials).
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  process.stderr.write(`apigw-ws-local needs Node.js 20.19 or newer (this is ${process.versions.node}).\n`);
  process.exit(1);
}
const { relaunchWithoutHostCredentials } = await import('../dist/cli/without-host-credentials.js');
const relaunched = relaunchWithoutHostCredentials(process.argv);
if (relaunched !== undefined) {
  process.exitCode = await relaunched;
} else {
  const { main } = await import('../dist/cli/main.js');
  main().catch((error) => {
    // Our own bug, not a user error: show the stack so it can be reported.
    console.error(error);
    process.exit(1);
  });
}
