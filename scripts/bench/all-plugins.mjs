// Bench side: core with all six plugins (monitor, errors, loading, cache, retry, auth with a
// stored token) on a cache miss: every request asks for one of 1000 URLs in turn, more than the
// cache keeps, so none is ever served from it. Budget (DESIGN.md): ≤ 2 µs per request over raw,
// and at most one fifth of luch-request's overhead (the peer side) in the same run.
import { LUCH_REQUEST } from './peer-luch-request.mjs'

const STORAGE_KEY = 'bench:tokens'
const TOKEN = 'bench-token'
const PLUGINS = [
  '@miniwire/plugin-monitor',
  '@miniwire/plugin-errors',
  '@miniwire/plugin-loading',
  '@miniwire/plugin-cache',
  '@miniwire/plugin-retry',
  '@miniwire/plugin-auth',
]

export function sides({ wx, load, has, baseURL }) {
  if (!PLUGINS.every(has)) return []
  const core = load('@miniwire/core')
  const { monitor } = load('@miniwire/plugin-monitor')
  const { errors } = load('@miniwire/plugin-errors')
  const { loading } = load('@miniwire/plugin-loading')
  const { cache } = load('@miniwire/plugin-cache')
  const { retry } = load('@miniwire/plugin-retry')
  const { auth } = load('@miniwire/plugin-auth')
  wx.setStorageSync(STORAGE_KEY, { accessToken: TOKEN })
  const stats = monitor()
  // The client's own view of the fake, counting what reaches wx.request.
  let sent = 0
  const counted = Object.assign(Object.create(wx), {
    request(options) {
      sent++
      return wx.request(options)
    },
  })
  const client = core.createClient({
    wx: counted,
    baseURL,
    plugins: [stats, errors(), loading(), cache(), retry(), auth({ storage: STORAGE_KEY })],
  })
  const urls = Array.from({ length: 1000 }, (_, i) => `/users/${i}`)
  let next = 0
  return [
    {
      name: 'core + all six plugins, cache miss',
      budgetNs: 2000,
      peer: { name: LUCH_REQUEST, fraction: 0.2 },
      run: () => client.get(urls[next++ % urls.length]),
      check() {
        const installed = [...client.plugins].sort().join(',')
        if (installed !== 'auth,cache,errors,loading,monitor,retry') {
          throw new Error(`bench: all-plugins side has plugins ${installed}`)
        }
        if (sent !== next) throw new Error(`bench: ${next} requests reached wx ${sent} times`)
        const header = wx.lastHeader ?? {}
        if ((header.Authorization ?? header.authorization) !== `Bearer ${TOKEN}`) {
          throw new Error('bench: all-plugins side did not send the stored token')
        }
        if (stats.getStats().requests < 1) throw new Error('bench: monitor counted nothing')
      },
    },
  ]
}
