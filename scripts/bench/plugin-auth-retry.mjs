// Bench side: core + plugin-auth (a token already in storage, no refresh) + plugin-retry, on a
// request that succeeds (no retry is made). Budget (DESIGN.md): ≤ 1 µs per request over raw.
const STORAGE_KEY = 'bench:tokens'
const TOKEN = 'bench-token'

export function sides({ wx, load, has, baseURL }) {
  if (!has('@miniwire/plugin-auth') || !has('@miniwire/plugin-retry')) return []
  const core = load('@miniwire/core')
  const { auth } = load('@miniwire/plugin-auth')
  const { retry } = load('@miniwire/plugin-retry')
  wx.setStorageSync(STORAGE_KEY, { accessToken: TOKEN })
  const client = core.createClient({
    wx,
    baseURL,
    plugins: [auth({ storage: STORAGE_KEY }), retry()],
  })
  return [
    {
      name: 'core + auth (stored token) + retry',
      budgetNs: 1000,
      run: () => client.get('/users/1'),
      check() {
        const installed = [...client.plugins].sort().join(',')
        if (installed !== 'auth,retry') throw new Error(`bench: auth side has plugins ${installed}`)
        const sent = wx.lastHeader?.Authorization ?? wx.lastHeader?.authorization
        if (sent !== `Bearer ${TOKEN}`) {
          throw new Error(
            `bench: auth side sent Authorization ${JSON.stringify(sent)}, not the stored token`,
          )
        }
      },
    },
  ]
}
