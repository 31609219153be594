/** The app's single contract client and its transport, created once at start-up. */
import { createContractClient, type ContractClient } from '../../src-shared/rpc';
import type { AppTransport } from './appTransport';
import { chooseTransport } from './chooseTransport';

export const transport: AppTransport = chooseTransport();
export const client: ContractClient = createContractClient(transport);
