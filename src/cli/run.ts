/** Process entry for the `gatehouse` binary. */
import { runCli } from './main.js';

const code = await runCli(process.argv.slice(2), {
  out: process.stdout,
  err: (text) => process.stderr.write(text),
  env: process.env,
  now: Date.now,
});
if (code >= 0) process.exitCode = code;
