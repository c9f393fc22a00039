/**
 * botbuilder's credentials for the bot's own outbound calls, backed by our token client. botbuilder's
 * default goes through MSAL, which insists on HTTPS Microsoft authorities; ours honours the configured
 * login URL (sovereign clouds, local tests) and shares one cached token with the delivery notifier.
 * Loaded only with the Teams app.
 */
import { ServiceClientCredentialsFactory } from 'botframework-connector';
import type { BotTokenClient } from './bot-token-client.js';
import type { TeamsSettings } from './teams-settings.js';

type Credentials = Awaited<ReturnType<ServiceClientCredentialsFactory['createCredentials']>>;
type WebResource = Parameters<Credentials['signRequest']>[0];

export class GatehouseCredentialsFactory extends ServiceClientCredentialsFactory {
  constructor(
    private readonly settings: TeamsSettings,
    private readonly tokens: BotTokenClient,
  ) {
    super();
  }

  async isValidAppId(appId: string): Promise<boolean> {
    return this.settings.authenticated && appId === this.settings.appId;
  }

  async isAuthenticationDisabled(): Promise<boolean> {
    return !this.settings.authenticated;
  }

  async createCredentials(): Promise<Credentials> {
    const tokens = this.tokens;
    return {
      async signRequest(resource: WebResource): Promise<WebResource> {
        const token = await tokens.token();
        if (token) resource.headers.set('authorization', `Bearer ${token}`);
        return resource;
      },
    };
  }
}
