// Bench sides for @miniwire/core (see the header of scripts/bench.mjs for the contract).
// Budget (DESIGN.md): bare core adds at most 300 ns per request over the raw floor.
export function sides({ wx, load, baseURL }) {
  const core = load('@miniwire/core')
  const client = core.createClient({ wx, baseURL })
  return [
    {
      name: 'bare core client.get',
      budgetNs: 300,
      heap: true,
      run: () => client.get('/users/1'),
    },
  ]
}
