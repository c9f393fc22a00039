/** Messages between the request thread and the delivery worker. */

export interface WorkerInput {
  env: Record<string, string | undefined>;
  policyPath: string;
  /** Sandbox mode: this server's address, where the example policy's provider receiver lives. */
  sandboxUrl?: string;
}

export type WorkerRequest = { type: 'kick' } | { type: 'idle'; id: number } | { type: 'stop' };

export type WorkerReply = { type: 'ready' } | { type: 'swept'; at: number } | { type: 'idle'; id: number } | { type: 'stopped' };
