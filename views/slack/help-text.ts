/** Help for each slash command, as mrkdwn. The grammar here must match `commands/` parsers. */

export type HelpCommand = 'request-access' | 'access' | 'need-support';

const HELP: Record<HelpCommand, string> = {
  'request-access': [
    '*`/request-access`* asks for temporary access to a resource.',
    '• `/request-access RESOURCE DURATION JUSTIFICATION...` sends a request, e.g. `/request-access prod-db 2h investigating INC-4211 slow queries`',
    '• DURATION is a whole number and `s`, `m`, `h` or `d` (`30m`, `2h`, `1d`). Leave it out to get the resource\'s default; the policy sets a maximum.',
    '• `/request-access` alone opens a form listing the resources you may request; `/request-access RESOURCE` opens it with that resource chosen.',
    '• `/request-access emergency RESOURCE DURATION JUSTIFICATION...` is break-glass: access now without approval, announced to the audit channel and reviewed afterwards. Only for people the policy allows, and only in an emergency.',
    '• `/request-access help` shows this.',
    'Approvers get a card with Approve and Deny; you get a message at each step, and when your access ends.',
  ].join('\n'),
  access: [
    '*`/access`* shows, only to you:',
    '• your requests still waiting for approval (you can cancel them),',
    '• your live access and when it ends (you can end it early),',
    '• the requests that wait on you to approve or deny.',
    'The same list is on the Gatehouse App Home tab. `/access help` shows this.',
  ].join('\n'),
  'need-support': [
    '*`/need-support`* asks the support team for help, including a remote-support session if needed.',
    '• `/need-support` alone opens a form: what is wrong, the device, how urgent it is, and a ticket reference if you have one.',
    '• `/need-support WHAT IS WRONG...` files it directly with that text as the description, e.g. `/need-support my laptop cannot reach the VPN since this morning`',
    '• A technician claims it and contacts you. Nothing happens on your device until you press Allow on a message that shows exactly what the technician may do and what they may not; you can press Stop at any time.',
    '• Every session is recorded in the audit log, and you get a summary when it is closed.',
    '• `/need-support help` shows this.',
  ].join('\n'),
};

export function renderHelp(command: HelpCommand): string {
  return HELP[command];
}
