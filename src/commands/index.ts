import { performance } from 'node:perf_hooks';
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { Listen } from '../actions/in-time.js';
import type { AppDeps } from '../app-deps.js';
import { unlessCancelled } from '../jobs/work-queue.js';
import { bindChannel, describeBinding, unbindChannel } from '../senders/customers/channel-binding.js';
import { customersIn, scopeOf } from '../senders/customers/channel-scope.js';
import { StorageError } from '../store/storage-error.js';
import { cannotSave, NOTHING_CHANGED } from '../views/cannot-save.js';
import { customersMessage } from '../views/customers-message.js';
import { helpMessage } from '../views/help-message.js';
import { RESTARTING } from '../views/restarting.js';
import { bulkControl, bulkStatus, openBulk } from './bulk.js';
import { bulkUpdateControl, bulkUpdateStatus, openBulkUpdate } from './bulk-update.js';
import { addCustomer } from './customer-add.js';
import { giveMetaAccess } from './customer-meta.js';
import { offerOnboardingLink } from './customer-onboard.js';
import { setWaba } from './customer-waba.js';
import { askDelete } from './delete.js';
import { exportSenders } from './export.js';
import { listPage } from './list.js';
import { showNumbersSearch } from './numbers-search.js';
import { type ParsedCommand, parseCommand } from './parse.js';
import { openProfile } from './profile.js';
import { openRegistration } from './register.js';
import { rename } from './rename.js';
import { showStatus } from './status.js';
import { unwatch, watch } from './watch.js';

/** What is left once `help` and unknown subcommands have been answered in the ack. */
type WorkCommand = Exclude<ParsedCommand, { name: 'help' | 'invalid' }>;

/** Subcommands that only look; everything else changes something and needs permission. */
const READ_ONLY = new Set<WorkCommand['name']>([
  'status',
  'list',
  'customers',
  'bulk_status',
  'bulk_update_status',
  'channel_show',
  'numbers_search',
  'export',
]);
const OPENS_MODAL = new Set<WorkCommand['name']>(['register', 'bulk', 'bulk_update', 'profile']);

type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

export function registerCommands(listen: Listen, slashCommand: string): void {
  listen.command(slashCommand, async (deps, args) => {
    const askedAt = performance.now();
    const parsed = parseCommand(args.command.text ?? '', deps.slashCommand);
    // Answers known at once go back in the ack itself: no second request to the response URL.
    if (parsed.name === 'help') return await args.ack({ response_type: 'ephemeral', ...helpMessage(deps.slashCommand, parsed.topic) });
    if (parsed.name === 'invalid') return await args.ack({ response_type: 'ephemeral', text: parsed.message });
    await args.ack();
    // A modal must open while its trigger is fresh (3 s), never behind queued work.
    if (OPENS_MODAL.has(parsed.name)) return await handle(deps, args, parsed, askedAt);
    const tellRestarting = () => args.respond({ response_type: 'ephemeral', text: RESTARTING });
    await deps.work.run(() => handle(deps, args, parsed, askedAt), tellRestarting).catch(unlessCancelled);
  });
}

/** `askedAt`: performance.now() when the command came (a `status` may share a check started since). */
async function handle(deps: AppDeps, args: CommandArgs, parsed: WorkCommand, askedAt: number): Promise<void> {
  const { command, respond } = args;
  const reply = (text: string) => respond({ response_type: 'ephemeral', text });
  try {
    const refusal = await deps.access.refusal(command.user_id, READ_ONLY.has(parsed.name) ? 'read' : 'change');
    if (refusal) {
      await reply(refusal);
      return;
    }
    await run(deps, args, parsed, reply, askedAt);
  } catch (error) {
    deps.logger.error('command failed', { subcommand: parsed.name, error: (error as Error).message });
    if (error instanceof StorageError) return void (await reply(cannotSave(error, NOTHING_CHANGED)));
    await reply(
      `Something went wrong while running \`${parsed.name}\`: ${deps.senders.secrets.scrub((error as Error).message)}. Try again; if it repeats, tell the bot admins.`,
    );
  }
}

async function run(deps: AppDeps, args: CommandArgs, parsed: WorkCommand, reply: (text: string) => Promise<unknown>, askedAt: number): Promise<unknown> {
  const { command, respond } = args;
  const scope = await scopeOf(deps.senders.store, command.channel_id);
  switch (parsed.name) {
    case 'register':
      return await openRegistration(deps, args, scope);
    case 'status':
      return await showStatus(deps, parsed.target, scope, respond, askedAt);
    case 'bulk':
      return await openBulk(deps, args);
    case 'bulk_status':
      return await bulkStatus(deps, scope, command.channel_id, respond);
    case 'bulk_control':
      return await bulkControl(deps, parsed.control, command.user_id, scope, command.channel_id, respond);
    case 'bulk_update':
      return await openBulkUpdate(deps, args);
    case 'bulk_update_status':
      return await bulkUpdateStatus(deps, scope, command.channel_id, respond);
    case 'bulk_update_control':
      return await bulkUpdateControl(deps, parsed.control, command.user_id, scope, command.channel_id, respond);
    case 'watch':
      return await watch(deps, parsed.target, command.user_id, command.channel_id, scope, respond);
    case 'unwatch':
      return await unwatch(deps, parsed.target, command.user_id, scope, respond);
    case 'delete':
      return await askDelete(deps, parsed.target, scope, respond);
    case 'profile':
      return await openProfile(deps, args, parsed.target, scope);
    case 'rename':
      return await rename(deps, parsed.target, parsed.newName, command.user_id, scope, respond);
    case 'list': {
      const answer = await listPage(deps, parsed.filter, scope, 0);
      return typeof answer === 'string' ? await reply(answer) : await respond({ response_type: 'ephemeral', ...answer });
    }
    case 'export':
      return await exportSenders(deps, args, parsed.customer, scope);
    case 'customers':
      return await respond({
        response_type: 'ephemeral',
        ...customersMessage(await customersIn(scope, deps.senders.store), deps.slashCommand),
      });
    case 'customer_add':
      if (scope.customer) return await reply('Customers are managed from a channel that is not bound to a customer.');
      return await addCustomer(deps, parsed.customerName, parsed.accountSid, command.user_id, respond, parsed.wabaId);
    case 'customer_onboard': {
      const problem = await offerOnboardingLink(deps, parsed, command.channel_id, command.user_id);
      return problem ? await reply(problem) : undefined;
    }
    case 'customer_waba':
      if (scope.customer) return await reply('Customers are managed from a channel that is not bound to a customer.');
      return await setWaba(deps, parsed.customer, parsed.wabaId, command.user_id, respond);
    case 'customer_meta':
      if (scope.customer) return await reply('Customers are managed from a channel that is not bound to a customer.');
      return await giveMetaAccess(deps, parsed.customer, command.user_id, respond);
    case 'numbers_search':
      return await showNumbersSearch(deps, parsed.search, respond);
    case 'channel_show':
      return await reply(await describeBinding(deps.senders, command.channel_id));
    case 'channel_bind':
      return await reply(await bindChannel(deps.senders, command.channel_id, parsed.customer, command.user_id));
    case 'channel_unbind':
      return await reply(await unbindChannel(deps.senders, command.channel_id, command.user_id));
  }
}
