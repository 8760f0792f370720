import type { App } from '@slack/bolt';
import type { AppDeps } from '../app-deps.js';
import { customerNameFor } from '../senders/customers.js';
import { customersMessage } from '../views/customers-message.js';
import { helpMessage } from '../views/help-message.js';
import { listMessage } from '../views/list-message.js';
import { bulkControl, bulkStatus, openBulk } from './bulk.js';
import { addCustomer } from './customer-add.js';
import { parseCommand } from './parse.js';
import { openRegistration } from './register.js';
import { showStatus } from './status.js';
import { unwatch, watch } from './watch.js';

export function registerCommands(app: App, deps: AppDeps): void {
  app.command(deps.slashCommand, async (args) => {
    await args.ack();
    const { command, respond } = args;
    const parsed = parseCommand(command.text ?? '', deps.slashCommand);
    const run = async (): Promise<unknown> => {
      switch (parsed.name) {
        case 'register':
          return await openRegistration(deps, args);
        case 'status':
          return await showStatus(deps, parsed.target, respond);
        case 'bulk':
          return await openBulk(deps, args);
        case 'bulk_status':
          return await bulkStatus(deps, respond);
        case 'bulk_control':
          return await bulkControl(deps, parsed.control, command.user_id, respond);
        case 'watch':
          return await watch(deps, parsed.target, command.user_id, command.channel_id, args.client, respond);
        case 'unwatch':
          return await unwatch(deps, parsed.target, command.user_id, respond);
        case 'list':
          return await respond({ response_type: 'ephemeral', ...listMessage(deps.senders.store.data.senders.filter((r) => !r.watch?.unwatchedAt), (r) => customerNameFor(deps.senders, r.accountSid)) });
        case 'customers':
          return await respond({ response_type: 'ephemeral', ...customersMessage(deps.senders.store.data.customers, deps.slashCommand) });
        case 'customer_add':
          return await addCustomer(deps, parsed.customerName, parsed.accountSid, command.user_id, respond);
        case 'help':
          return await respond({ response_type: 'ephemeral', ...helpMessage(deps.slashCommand) });
        case 'invalid':
          return await respond({ response_type: 'ephemeral', text: parsed.message });
      }
    };
    try {
      await run();
    } catch (error) {
      deps.logger.error('command failed', { subcommand: parsed.name, error: (error as Error).message });
      await respond({ response_type: 'ephemeral', text: `Something went wrong while running \`${parsed.name}\`: ${(error as Error).message}. Try again; if it repeats, tell the bot admins.` });
    }
  });
}
