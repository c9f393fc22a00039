/** Whether a slash command was typed in the person's own DM with Gatehouse, where their cards go. */

import type { WebClient } from '@slack/web-api';

/**
 * Not knowing in time costs only a repeated line; the command's answer must leave well inside
 * Slack's 3 seconds whatever the Web API does (the client retries a failing call for seconds).
 */
const DM_CHECK_MS = 700;

/**
 * Slack calls every DM `directmessage`, including one between two people, so only the bot's
 * conversation with the person tells. False whenever it cannot tell in time.
 */
export async function isGatehouseDm(client: WebClient, channelId: string, userId: string): Promise<boolean> {
  if (!channelId.startsWith('D')) return false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const tooLate = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), DM_CHECK_MS);
  });
  const opened = client.conversations.open({ users: userId }).then(
    (answer) => answer.channel?.id === channelId,
    () => false,
  );
  try {
    return await Promise.race([opened, tooLate]);
  } finally {
    clearTimeout(timer);
  }
}
