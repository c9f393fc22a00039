/**
 * Text written for Slack's slash commands, said the Teams way: in a chat with the bot the commands
 * are typed without the slash (`request-access prod-db 2h ...`). Only Gatehouse's own texts go
 * through this, before they are escaped; user text never does.
 */
export function toTeamsCommandText(text: string): string {
  return text.replace(/(^|[\s`(])\/(request-access|need-support|access)\b/g, '$1$2');
}
