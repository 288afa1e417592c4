/**
 * The cdktf app: `npm start`, `npx cdktf synth` and `cdktf deploy <tenant>-<env>` run this file. It loads the
 * configuration (SCOPEGATE_CONFIG or scopegate.yaml, or --config), stops with exit code 2 on any problem in it,
 * and synthesizes one stack per tenant x environment (only those of the tenants in SCOPEGATE_SYNTH_TENANTS when set,
 * as `scopegate deploy` sets it for `cdktf deploy`); see cli/commands/synth.ts and constructs/app.ts. The policy
 * report goes to standard output, where the cdktf CLI shows an app's output; it labels every line of standard error
 * '[ERROR]', so only what stops synth goes there.
 */
import { runCli } from "./cli/main";

runCli(["synth", ...process.argv.slice(2)], { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() }).then(
  (code) => {
    process.exitCode = code;
  },
);
