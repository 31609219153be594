/** The credentials a test bridge needs: a data folder's API token and its (empty) accounts, as `phare serve` makes them. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateApiToken } from '../../src-main/core/auth/apiToken';
import { openUserAccounts, UserAccounts } from '../../src-main/core/auth/userAccounts';

export interface BridgeAuth {
  dataDir: string;
  apiToken: string;
  accounts: UserAccounts;
}

export function bridgeAuth(dataDir: string = mkdtempSync(join(tmpdir(), 'phare-auth-'))): BridgeAuth {
  return { dataDir, apiToken: loadOrCreateApiToken(dataDir), accounts: openUserAccounts(dataDir) };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
