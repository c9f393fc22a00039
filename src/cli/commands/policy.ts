/** `gatehouse policy check` and `gatehouse policy explain`. */
import { parseArgs } from 'node:util';
import { parseDuration } from '../../core/duration.js';
import { explainRequest, explainRequestJson } from '../../policy/explain.js';
import { loadPolicyFile } from '../../policy/load-policy.js';
import { resolvePolicyPath } from '../../policy/policy-path.js';
import { printer, UsageError, type CliCommand } from '../cli-io.js';

export const policyCheck: CliCommand = async (args, io) => {
  const { positionals } = parseArgs({ args, allowPositionals: true });
  const path = positionals[0] ?? resolvePolicyPath(io.env.GATEHOUSE_POLICY).path;
  const policy = loadPolicyFile(path);
  printer(io)(`${path}: ok (${policy.resources.length} resources, sha256 ${policy.hash})`);
  return 0;
};

export const policyExplain: CliCommand = async (args, io) => {
  const { values } = parseArgs({
    args,
    options: { as: { type: 'string' }, resource: { type: 'string' }, duration: { type: 'string' }, policy: { type: 'string' }, format: { type: 'string', default: 'text' } },
  });
  if (!values.as || !values.resource) throw new UsageError('policy explain needs --as EMAIL and --resource ID');
  let durationMs: number | undefined;
  if (values.duration !== undefined) {
    const parsed = parseDuration(values.duration);
    if (parsed === null) throw new UsageError(`--duration "${values.duration}" is not a duration like 30m, 2h or 1d`);
    durationMs = parsed;
  }
  const policy = loadPolicyFile(values.policy ?? resolvePolicyPath(io.env.GATEHOUSE_POLICY).path);
  const question = { email: values.as, resourceId: values.resource, durationMs };
  const print = printer(io);
  if (values.format === 'json') print(JSON.stringify(explainRequestJson(policy, question), null, 2));
  else print(explainRequest(policy, question));
  return 0;
};
