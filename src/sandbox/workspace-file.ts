/**
 * The sandbox's workspace kept beside its database: the database survives a restart, and so must
 * the messages it refers to (the bot edits earlier cards in place and would otherwise be told
 * `message_not_found` for every one of them). Written shortly after each change, atomically.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { Logger } from '../core/ports.js';
import type { SandboxWorkspace, WorkspaceSnapshot } from './sandbox-workspace.js';

const WRITE_DELAY_MS = 200;

const messageSchema = z.object({
  channel: z.string(),
  ts: z.string().regex(/^\d+\.\d{6}$/),
  text: z.string(),
  blocks: z.array(z.unknown()).nullable(),
  threadTs: z.string().nullable(),
  author: z.string(),
  visibleTo: z.string().nullable(),
  edits: z.number().int().min(0),
  at: z.number(),
});
const snapshotSchema = z.object({
  messages: z.array(messageSchema),
  homes: z.array(z.tuple([z.string(), z.object({ id: z.string(), view: z.record(z.string(), z.unknown()), hash: z.string() })])),
});

/** The workspace file for a database path; none for an in-memory database. */
export function workspaceFileFor(dbPath: string): string | null {
  return dbPath === ':memory:' || dbPath === '' ? null : `${dbPath}.sandbox-workspace.json`;
}

/** The saved workspace, or null (none yet, or unreadable: then the sandbox starts empty and says so). */
export function loadWorkspaceFile(path: string, logger: Logger): WorkspaceSnapshot | null {
  if (!existsSync(path)) return null;
  try {
    const parsed = snapshotSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    if (parsed.success) return parsed.data as WorkspaceSnapshot;
    logger.warn('sandbox.workspace_unreadable', { path, error: parsed.error.issues[0]?.message });
  } catch (error) {
    logger.warn('sandbox.workspace_unreadable', { path, error: error instanceof Error ? error.message : String(error) });
  }
  return null;
}

/** Saves the workspace after changes (coalesced); `flush` writes now (shutdown). */
export function keepWorkspaceFile(workspace: SandboxWorkspace, path: string, logger: Logger): { flush(): void } {
  let timer: NodeJS.Timeout | null = null;
  const write = () => {
    timer = null;
    try {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(`${path}.tmp`, JSON.stringify(workspace.snapshot()));
      renameSync(`${path}.tmp`, path);
    } catch (error) {
      logger.warn('sandbox.workspace_not_saved', { path, error: error instanceof Error ? error.message : String(error) });
    }
  };
  workspace.subscribe(() => {
    timer ??= setTimeout(write, WRITE_DELAY_MS);
  });
  return {
    flush() {
      if (!timer) return;
      clearTimeout(timer);
      write();
    },
  };
}
