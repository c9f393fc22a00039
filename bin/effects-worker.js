// Worker threads do not inherit the loader the main thread registered, so each registers tsx itself.
import { register } from 'tsx/esm/api';

register();
await import('../src/runtime/effects-worker.ts');
