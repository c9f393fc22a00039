/** The App Home tab and `/access`: what a person has and what waits on them. */

import type { WebClient } from '@slack/web-api';
import { renderAccessOverviewMessage } from '../../../views/slack/access-overview-message.js';
import { renderAppHome } from '../../../views/slack/app-home.js';
import { renderHelp } from '../../../views/slack/help-text.js';
import { escapeMrkdwn } from '../../../views/slack/escape-mrkdwn.js';
import { describeUnknownPerson } from '../slack-identity.js';
import type { SlackContext } from '../slack-context.js';
import type { SlackListeners } from '../listener-router.js';

export const ACCESS_COMMAND = '/access';

export async function publishHome(ctx: SlackContext, client: WebClient, userId: string, email: string): Promise<void> {
  await client.views.publish({ user_id: userId, view: renderAppHome(ctx.engine.listAccess(email)) });
}

export function registerAppHome(app: SlackListeners, ctx: SlackContext): void {
  app.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') return;
    const person = await ctx.identity.resolve(event.user);
    if (!person.ok) {
      await client.views.publish({
        user_id: event.user,
        view: { type: 'home', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: escapeMrkdwn(describeUnknownPerson(person)) } }] },
      });
      return;
    }
    await publishHome(ctx, client, event.user, person.actor.email);
  });

  app.command(ACCESS_COMMAND, async ({ command, ack }) => {
    if (/^\s*help\s*$/i.test(command.text ?? '')) {
      await ack({ response_type: 'ephemeral', text: renderHelp('access') });
      return;
    }
    const person = await ctx.identity.resolve(command.user_id);
    if (!person.ok) {
      await ack({ response_type: 'ephemeral', text: escapeMrkdwn(describeUnknownPerson(person)) });
      return;
    }
    const { text, blocks } = renderAccessOverviewMessage(ctx.engine.listAccess(person.actor.email));
    await ack({ response_type: 'ephemeral', text, blocks });
  });
}
