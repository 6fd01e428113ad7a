/** The `besitos` executable (bin/besitos.js loads the compiled copy of this file). */
import { runBesitos } from './besitos.js';

process.exitCode = await runBesitos(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
});
