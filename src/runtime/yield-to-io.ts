/** A pause that lets pending I/O callbacks run before the caller goes on (the engine's effect lanes use it). */
export function yieldToIo(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
