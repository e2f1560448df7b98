// Import rules checked in CI (`npm run check:deps`): no cycles, dependencies point inward, test tooling apart.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycles between modules.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-stays-inward',
      severity: 'error',
      comment: 'src/ is the core: it never imports handlers/, jobs/, the entry points in app/, or the emulator package.',
      from: { path: '^src/' },
      to: { path: '^(handlers|jobs|app|packages)/|@silkwire/telegram-emulator' },
    },
    {
      name: 'handlers-not-jobs',
      severity: 'error',
      comment: 'handlers/ and jobs/ are two adapters of the core; neither imports the other or the entry points.',
      from: { path: '^handlers/' },
      to: { path: '^(jobs|app)/' },
    },
    {
      name: 'jobs-not-handlers',
      severity: 'error',
      from: { path: '^jobs/' },
      to: { path: '^(handlers|app)/' },
    },
    {
      name: 'product-not-emulator',
      severity: 'error',
      comment: 'The product never imports the emulator or the playground (only app/main.ts loads the playground, by name, when there is no token).',
      from: { path: '^(src|handlers|jobs)/|^app/start-app\\.ts$' },
      to: { path: '^packages/|@silkwire/telegram-emulator' },
    },
    {
      name: 'emulator-stands-alone',
      severity: 'error',
      comment: 'The emulator package imports nothing from the product.',
      from: { path: '^packages/' },
      to: { path: '^(src|handlers|jobs|app|tests|bench)/' },
    },
    {
      name: 'product-not-tests',
      severity: 'error',
      from: { path: '^(src|handlers|jobs|app)/' },
      to: { path: '^(tests|bench)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)node_modules/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
