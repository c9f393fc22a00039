/** Teams deliveries from the production delivery worker thread: the worker builds its own Teams notifier from the environment. */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ACTION } from '../../views/action-ids.js';
import { startTeamsE2E, type TeamsE2E } from '../support/teams-e2e-harness.js';
import { answerOf, cardWith, chatOf, installAll, latestRequestOf, press, say, shownIn } from './teams-steps.js';

let e: TeamsE2E;
beforeEach(async () => {
  e = await startTeamsE2E({ effects: 'worker' });
  await installAll(e, ['alice', 'dave', 'erin', 'mallory']);
});
afterEach(async () => {
  await e.close();
});

async function eventually<T>(find: () => T): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      return find();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

it('posts approval cards and refreshes them from the worker thread', async () => {
  await say(e, 'alice', 'request-access prod-db 1h investigating INC-4211 slow queries');
  const requestId = latestRequestOf(e, 'alice');
  // Typed in the chat with Gatehouse, the request is answered by its card, delivered by the worker.
  await eventually(() => cardWith(e, chatOf(e, 'alice'), ACTION.cancelRequest, requestId));
  const daveCard = await eventually(() => cardWith(e, chatOf(e, 'dave'), ACTION.approve, requestId));
  expect(answerOf(await press(e, 'dave', daveCard, ACTION.approve, { value: requestId }))).toMatch(/^You approved/);
  await eventually(() => {
    const now = shownIn(e, chatOf(e, 'dave')).find((s) => s.id === daveCard.id)!;
    if (now.updates === 0) throw new Error('not refreshed yet');
    return now;
  });
});
