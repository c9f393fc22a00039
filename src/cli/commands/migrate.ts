/** `gatehouse migrate`: creates the database if needed and applies pending migrations. */
import { parseArgs } from 'node:util';
import { databasePathFrom } from '../../store/database-path.js';
import { openDatabase } from '../../store/open-database.js';
import { printer, type CliCommand } from '../cli-io.js';

export const migrate: CliCommand = async (args, io) => {
  const { values } = parseArgs({ args, options: { db: { type: 'string' } } });
  const path = values.db ?? databasePathFrom(io.env);
  openDatabase(path).$client.close();
  printer(io)(`migrations applied to ${path}`);
  return 0;
};
