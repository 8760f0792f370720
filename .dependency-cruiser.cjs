/**
 * Which folder of src/ may import which ("imports go down only"), checked by `npm run lint`
 * (`depcruise src`):
 *
 *   listeners (commands/, actions/, events/, web/)  ->  jobs/  ->  senders/  ->  twilio/, store/, meta/
 *
 * views/ is imported by listeners and jobs only and imports only plain data types from below.
 * Listeners do not call Twilio themselves; outside store/, data is reached through the
 * repositories, never lowdb/ or postgres/ directly. Only twilio/ imports the twilio package,
 * only store/ imports lowdb and pg, only app.ts, bot.ts, commands/, actions/ and events/ import
 * @slack/bolt.
 * app.ts and bot.ts wire everything together (composition roots); main.ts, launch.ts, config.ts
 * start the process. clock.ts, logger.ts, secrets.ts, csv-cell.ts, access.ts, concurrency.ts are plain
 * utilities anyone may use. metrics/ (the Prometheus registry) may be imported by any layer but
 * the domain and the views. slack/ is the Slack Web API client, used by listeners and jobs, like
 * twilio/ and meta/ are clients of their services. sandbox/ is a separate program (the Twilio
 * simulator): the bot never imports it.
 *
 * Known debt is listed in VIEW_VALUE_EXCEPTIONS below, each named: the rules stay
 * on, and a new import in the wrong direction fails the lint.
 */
const fs = require('node:fs');
const path = require('node:path');

const LISTENERS = '^src/(commands|actions|events|web)/';
const ROOTS = '^src/(app|bot|main|launch|config|app-deps)[.]ts$';

/**
 * Value imports (not `import type`) from a view into the layers below, by view. Views should
 * get what they show as data; these still call a rule or read a constant of the domain or the
 * store. A view importing any other value from below fails the lint.
 */
const VIEW_VALUE_EXCEPTIONS = {
  // Rules views call instead of being given their answer (the shown status, attention, ONLINE episodes, snoozes).
  'home.ts': ['senders/watch/alert-decisions', 'store/rules/attention'],
  'status-guide.ts': ['senders/watch/alert-decisions', 'senders/display-name/rejected-name'],
  // The shown status (a rule), and the names of the verification paths the domain's explanations use too.
  'sender-summary.ts': ['store/rules/attention', 'senders/registration/path'],
  // Constants the domain checks and the views show (limits, URLs, codes, columns, the command line).
  'alert-cause.ts': ['senders/display-name/rejected-name'],
  'bulk.ts': ['senders/bulk/csv'],
  'customer-options.ts': ['senders/input-limits', 'senders/registration/form'],
  'customers-message.ts': ['senders/customers/waba'],
  'name-change.ts': ['senders/registration/display-name'],
  'name-verdicts.ts': ['senders/watch/name-verdict'],
  'registration-modal.ts': ['senders/registration/display-name', 'senders/registration/form', 'senders/registration/path', 'senders/registration/verticals'],
  // The editable fields and their names, which the sender's thread note shows too.
  'profile-modal.ts': ['senders/registration/form', 'senders/registration/verticals', 'senders/profile/update-profile', 'senders/profile/change-note'],
  // The Migrate checklist the domain checks, Twilio's guide, and when Migrate applies (63110).
  'migrate-modal.ts': ['senders/registration/migration'],
  'retry-advice.ts': ['senders/registration/migration'],
  // Words of the domain's own (the guide for a Standard API key), which belong in views/.
  'error-guide.ts': ['senders/numbers/credentials'],
};

/**
 * dependency-cruiser 17 (the last one that runs on Node 20) cannot tell `import type` apart on
 * TypeScript 7: its TypeScript reader needs TypeScript's compiler API (TypeScript 7.0 has none),
 * and its swc reader does not mark type-only imports. So the value imports of views/ are read
 * here with swc itself, and the rule below is given, for each view, the modules it imports values from.
 */
function valueImportsOfViews() {
  const swc = require('@swc/core');
  const rules = [];
  for (const file of fs.readdirSync('src/views').filter((f) => f.endsWith('.ts'))) {
    const source = `src/views/${file}`;
    const { body } = swc.parseFileSync(source, { syntax: 'typescript' });
    const targets = new Set();
    for (const item of body) {
      if ((item.type !== 'ImportDeclaration' && item.type !== 'ExportNamedDeclaration' && item.type !== 'ExportAllDeclaration') || !item.source) continue;
      const typeOnly = item.typeOnly || (item.specifiers?.length > 0 && item.specifiers.every((s) => s.isTypeOnly));
      const specifier = item.source.value;
      if (typeOnly || !specifier.startsWith('.')) continue;
      targets.add(path.posix.normalize(path.posix.join('src/views', specifier)).replace(/[.]js$/, '.ts'));
    }
    const below = [...targets].filter((t) => /^src\/(senders|store|twilio|meta)\//.test(t));
    if (below.length === 0) continue;
    rules.push({
      name: 'views-import-only-types',
      comment: `${source} imports values from the layers below; views get what they show as data and may import types only`,
      severity: 'error',
      from: { path: `^${source.replace(/[.]/g, '[.]')}$` },
      to: {
        path: below.map((t) => `^${t.replace(/[.]/g, '[.]')}$`),
        pathNot: (VIEW_VALUE_EXCEPTIONS[file] ?? []).map((t) => `^src/${t}[.]ts$`),
      },
    });
  }
  return rules;
}

module.exports = {
  forbidden: [
    {
      name: 'domain-imports-down-only',
      comment: 'senders/ (the domain) imports only twilio/, store/, meta/ and the plain utilities: never listeners, jobs, views, slack/ or metrics/',
      severity: 'error',
      from: { path: '^src/senders/' },
      to: { path: [LISTENERS, '^src/(jobs|views|slack|metrics|sandbox)/', ROOTS] },
    },
    {
      name: 'jobs-below-listeners',
      comment: 'jobs/ is called by listeners and never calls them',
      severity: 'error',
      from: { path: '^src/jobs/' },
      to: { path: [LISTENERS, ROOTS, '^src/sandbox/'] },
    },
    {
      name: 'gateways-and-store-at-the-bottom',
      comment: 'twilio/, store/, meta/ know nothing above them (twilio/ counts its requests in metrics/)',
      severity: 'error',
      from: { path: '^src/(twilio|store|meta)/' },
      to: { path: [LISTENERS, '^src/(jobs|senders|views|slack|sandbox)/', ROOTS] },
    },
    {
      name: 'views-imported-by-listeners-and-jobs',
      comment: 'views/ words what listeners and jobs show; the domain, the store and the clients return data',
      severity: 'error',
      from: { pathNot: [LISTENERS, '^src/(jobs|views)/', '^src/(app|bot)[.]ts$'] },
      to: { path: '^src/views/' },
    },
    {
      name: 'views-are-pure',
      comment: 'views/ imports no listener, job, client, store code or runtime package: it builds Block Kit from plain data',
      severity: 'error',
      from: { path: '^src/views/' },
      to: {
        path: [LISTENERS, '^src/(jobs|slack|metrics|sandbox)/', ROOTS, '^src/(logger|secrets|access)[.]ts$', 'node_modules/'],
        pathNot: ['node_modules/@slack/types/'],
      },
    },
    ...valueImportsOfViews(),
    {
      name: 'clients-below-jobs',
      comment: 'slack/ and metrics/ are clients and counters: they call nothing above them',
      severity: 'error',
      from: { path: '^src/(slack|metrics)/' },
      to: { path: [LISTENERS, '^src/(jobs|senders|views|sandbox)/', ROOTS] },
    },
    {
      name: 'listeners-go-through-the-domain',
      comment: 'listeners parse, call the domain (or a job) and render: they do not call Twilio themselves',
      severity: 'error',
      from: { path: LISTENERS },
      to: { path: '^src/twilio/' },
    },
    {
      name: 'store-implementations-stay-inside',
      comment: 'outside store/, the data is reached through the repositories (store/repositories.ts, store/db.ts), never lowdb/ or postgres/ directly',
      severity: 'error',
      // jobs/lease.ts names the type of a PostgreSQL lease (a type-only import).
      from: { pathNot: ['^src/store/', '^src/(app|bot)[.]ts$', '^src/jobs/lease[.]ts$'] },
      to: { path: '^src/store/(lowdb|postgres)/' },
    },
    {
      name: 'only-twilio-imports-twilio',
      comment: 'twilio/ is the one gateway to Twilio',
      severity: 'error',
      from: { pathNot: '^src/twilio/' },
      to: { path: 'node_modules/twilio/' },
    },
    {
      name: 'only-store-imports-databases',
      comment: 'only store/ knows lowdb and PostgreSQL',
      severity: 'error',
      from: { pathNot: '^src/store/' },
      to: { path: 'node_modules/(lowdb|pg|pg-[^/]+|node-pg-migrate)/' },
    },
    {
      name: 'only-listeners-know-bolt',
      comment: 'only app.ts, bot.ts, commands/, actions/ and events/ import @slack/bolt',
      severity: 'error',
      from: { pathNot: ['^src/(app|bot)[.]ts$', '^src/(commands|actions|events)/'] },
      to: { path: 'node_modules/@slack/bolt/' },
    },
    {
      name: 'no-dev-dependencies-at-runtime',
      comment: 'the image installs production dependencies only (npm ci --omit=dev): src/ imports no dev dependency, types aside',
      severity: 'error',
      from: { path: '^src/' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'nobody-imports-the-sandbox',
      comment: 'the Twilio simulator is its own program',
      severity: 'error',
      from: { pathNot: '^src/sandbox/' },
      to: { path: '^src/sandbox/' },
    },
  ],
  options: {
    parser: 'swc',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^dist/' },
  },
};
