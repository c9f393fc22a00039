/** The real clock, the only place outside tests where the engine's time comes from. */
import type { Clock } from '../core/ports.js';

export const systemClock: Clock = { now: () => Date.now() };
