// Property tests run with one seed, so that `npm test` gives the same answer
// on every run and a failure can be replayed. `FC_SEED=<n>` runs another
// seed, `FC_SEED=random` a random one (fast-check prints the seed it used).
import fc from 'fast-check'

const seed = process.env.FC_SEED ?? '20261202'
if (seed !== 'random') fc.configureGlobal({seed: Number(seed)})
