import {defineConfig} from 'vitest/config'

// Tests run the code that ships: the packages' production builds. Vitest
// otherwise resolves their `development` builds, whose extra assertions the
// bin never runs (and one of which, in mdast-util-gfm-task-list-item, fails
// on input the production build handles).
process.env.NODE_ENV = 'production'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/helpers/fast-check.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'threads'
  }
})
