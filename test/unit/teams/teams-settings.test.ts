import { describe, expect, it } from 'vitest';
import { readConfig } from '../../../src/config.js';
import { BOT_FRAMEWORK_DEFAULTS, TeamsConfigError, teamsSettings } from '../../../src/teams/teams-settings.js';

const settings = (env: Record<string, string>) => teamsSettings(readConfig(env));

describe('teamsSettings: Teams fails closed', () => {
  it('is off with no Teams settings', () => {
    expect(settings({})).toBeNull();
  });

  it('is off without an app id even if only the password is forgotten elsewhere, never unauthenticated by accident', () => {
    expect(settings({ TEAMS_ALLOW_UNAUTHENTICATED: 'false' })).toBeNull();
    expect(settings({ TEAMS_APP_ID: '' })).toBeNull();
  });

  it.each([
    [{ TEAMS_APP_ID: 'app' }, /both TEAMS_APP_ID and TEAMS_APP_PASSWORD/],
    [{ TEAMS_APP_PASSWORD: 'secret' }, /without TEAMS_APP_ID/],
    [{ TEAMS_TENANT_ID: 'tenant' }, /without TEAMS_APP_ID/],
    [{ TEAMS_APP_PASSWORD: 'secret', TEAMS_ALLOW_UNAUTHENTICATED: 'true' }, /without TEAMS_APP_ID/],
  ])('refuses half a configuration %j', (env, message) => {
    expect(() => settings(env)).toThrow(TeamsConfigError);
    expect(() => settings(env)).toThrow(message);
  });

  it('rejects anything but true/false for the unauthenticated switch', () => {
    expect(() => readConfig({ TEAMS_ALLOW_UNAUTHENTICATED: 'yes' })).toThrow(/TEAMS_ALLOW_UNAUTHENTICATED/);
  });

  it('runs unauthenticated only when told so explicitly', () => {
    expect(settings({ TEAMS_ALLOW_UNAUTHENTICATED: 'true' })).toMatchObject({ authenticated: false, appId: '' });
  });

  it.each(['127.0.0.1', '::1', 'localhost'])('runs unauthenticated on the loopback HOST %s', (host) => {
    expect(settings({ TEAMS_ALLOW_UNAUTHENTICATED: 'true', HOST: host })).toMatchObject({ authenticated: false });
  });

  it.each(['0.0.0.0', '::', '10.0.0.5', 'gatehouse.internal'])('refuses to run unauthenticated on HOST %s, reachable from elsewhere', (host) => {
    expect(() => settings({ TEAMS_ALLOW_UNAUTHENTICATED: 'true', HOST: host })).toThrow(TeamsConfigError);
    expect(() => settings({ TEAMS_ALLOW_UNAUTHENTICATED: 'true', HOST: host })).toThrow(/loopback HOST/);
  });

  it('authenticates against the public Bot Framework cloud by default', () => {
    expect(settings({ TEAMS_APP_ID: 'app', TEAMS_APP_PASSWORD: 'secret' })).toEqual({
      authenticated: true,
      appId: 'app',
      appPassword: 'secret',
      tenantId: null,
      loginUrl: BOT_FRAMEWORK_DEFAULTS.loginUrl,
      oauthScope: BOT_FRAMEWORK_DEFAULTS.oauthScope,
      openIdMetadataUrl: BOT_FRAMEWORK_DEFAULTS.openIdMetadataUrl,
      tokenIssuer: BOT_FRAMEWORK_DEFAULTS.tokenIssuer,
    });
  });

  it('takes its token from the tenant for single-tenant bots, and honours overrides', () => {
    expect(settings({ TEAMS_APP_ID: 'app', TEAMS_APP_PASSWORD: 'secret', TEAMS_TENANT_ID: 'contoso' })?.loginUrl).toBe('https://login.microsoftonline.com/contoso');
    expect(
      settings({
        TEAMS_APP_ID: 'app',
        TEAMS_APP_PASSWORD: 'secret',
        TEAMS_LOGIN_URL: 'https://login.example.us/botframework.com/',
        TEAMS_OPENID_METADATA_URL: 'https://login.example.us/openid',
        TEAMS_TOKEN_ISSUER: 'https://api.example.us',
        TEAMS_OAUTH_SCOPE: 'https://api.example.us',
      }),
    ).toMatchObject({ loginUrl: 'https://login.example.us/botframework.com', openIdMetadataUrl: 'https://login.example.us/openid', tokenIssuer: 'https://api.example.us', oauthScope: 'https://api.example.us' });
  });
});
