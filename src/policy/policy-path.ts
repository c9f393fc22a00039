/** Which policy file Gatehouse reads. Apart from the composition root so the admin commands load little. */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const EXAMPLE_POLICY_PATH = resolve(dirname(fileURLToPath(import.meta.url)), '../../examples/policy.yaml');

/** `GATEHOUSE_POLICY`, else `./policy.yaml`, else the shipped example. */
export function resolvePolicyPath(configured: string | undefined): { path: string; isExample: boolean } {
  if (configured) return { path: resolve(configured), isExample: false };
  if (existsSync('policy.yaml')) return { path: resolve('policy.yaml'), isExample: false };
  return { path: EXAMPLE_POLICY_PATH, isExample: true };
}
