/** `gatehouse serve`: runs the bot until SIGINT or SIGTERM. */
import { serve as startServer } from '../../serve.js';
import type { CliCommand } from '../cli-io.js';

export const serve: CliCommand = async (_args, io) => {
  const running = await startServer(io.env);
  const stop = () => void running.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return -1;
};
