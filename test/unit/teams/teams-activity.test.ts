import { describe, expect, it } from 'vitest';
import { parseActivity } from '../../../src/teams/teams-activity.js';
import { splitChatCommand } from '../../../src/teams/teams-chat-commands.js';

const valid = {
  type: 'message',
  channelId: 'msteams',
  serviceUrl: 'https://smba.trafficmanager.net/emea/',
  from: { id: '29:alice', aadObjectId: 'aad-alice' },
  recipient: { id: '28:bot' },
  conversation: { id: 'a:personal', conversationType: 'personal', tenantId: 't' },
  text: 'help',
  channelData: { anything: ['goes'] },
};

describe('parseActivity', () => {
  it('accepts a Teams activity and keeps the fields it does not check', () => {
    const parsed = parseActivity(JSON.stringify(valid));
    expect(parsed.ok && parsed.activity.channelData).toEqual({ anything: ['goes'] });
  });

  it.each([
    ['not JSON', '{', 'body is not JSON'],
    ['null', 'null', 'malformed activity: activity is missing or of the wrong type'],
    ['no type', JSON.stringify({ ...valid, type: undefined }), 'malformed activity: type is missing or of the wrong type'],
    ['a non-http service URL', JSON.stringify({ ...valid, serviceUrl: 'file:///etc/passwd' }), 'malformed activity: serviceUrl is invalid'],
    ['no sender id', JSON.stringify({ ...valid, from: {} }), 'malformed activity: from.id is missing or of the wrong type'],
    ['a numeric conversation id', JSON.stringify({ ...valid, conversation: { id: 7 } }), 'malformed activity: conversation.id is missing or of the wrong type'],
    ['text over the Teams message limit', JSON.stringify({ ...valid, text: 'x'.repeat(30_000) }), 'malformed activity: text is invalid'],
  ])('refuses %s with a short reason that never echoes the input', (_name, body, error) => {
    expect(parseActivity(body)).toEqual({ ok: false, error });
  });
});

describe('splitChatCommand', () => {
  it.each([
    ['request-access prod-db 2h why', 'request-access', 'prod-db 2h why'],
    ['  /Request-Access   prod-db', 'request-access', 'prod-db'],
    ['need-support the VPN is down\nsince 9', 'need-support', 'the VPN is down\nsince 9'],
    ['access', 'access', ''],
    ['access help', 'access', 'help'],
    ['help', 'help', ''],
    ['hello there', 'help', ''],
    ['request-accessprod-db', 'help', ''],
    ['', 'help', ''],
  ])('%j -> %s %j', (text, command, rest) => {
    expect(splitChatCommand(text)).toEqual({ command, rest });
  });
});
