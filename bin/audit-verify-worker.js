// Worker threads do not inherit the loader the main thread registered, so each registers tsx itself.
// tsx's CommonJS hook loads in about half the time of its ESM loader (which starts a loader thread
// of its own), and start-up is paid on every `gatehouse audit verify`.
import { register } from 'tsx/cjs/api';

register({ namespace: 'audit-verify-worker' }).require('../src/store/audit-verify-worker.ts', import.meta.url);
