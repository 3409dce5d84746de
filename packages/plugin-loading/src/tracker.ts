/**
 * One reference count per runtime object, because wx has one loading layer per app: every
 * client on the same `wx` (and every `loading()` plugin) counts into it, so no request hides
 * another's loading (the seed guide's defect 1). A request counts once its delay has passed;
 * the loading shows while any counted request runs, titled by the newest, masked if any asks,
 * and once shown it stays its minimum time. It goes through core's UI layer, which never lets
 * hiding the loading close a toast.
 *
 * One timer per runtime, not one per request: it is armed for the earliest delay still running
 * and left to lapse when requests finish first, so a stream of fast requests (the usual case)
 * arms about one timer per delay period instead of one per request.
 */
import { getUiLayer, runtimeService, type UiLayer, type WxRuntime } from '@miniwire/core'
import type { ResolvedLoadingOptions } from './options'

/** One request that wants the loading. */
interface Ticket {
  title: string
  mask: boolean
  minDuration: number
  /** Its delay has passed: it counts. */
  ready: boolean
  /** When its delay ends (`Date.now()` time). */
  readyAt: number
}

/** The loading of one runtime object, shared by every client on it. */
export interface LoadingTracker {
  /** Requests that want the loading now, counted or still in their delay. */
  readonly active: number
  /** True while the loading shows (or is held for its minimum time). */
  readonly visible: boolean
  /** Counts a request in; call the function it returns when the request settles. */
  begin(options: ResolvedLoadingOptions): () => void
}

function track(wx: WxRuntime): LoadingTracker {
  const ui: UiLayer = getUiLayer(wx)
  // An array, not a Set: a Set of fresh objects hashes each one (about 1 µs a request in V8),
  // and the requests wanting the loading at once are few. Oldest first.
  const tickets: Ticket[] = []
  let shown: { title: string; mask: boolean } | undefined
  let holdUntil = 0
  let hideTimer: ReturnType<typeof setTimeout> | undefined

  /** The delay timer and the time it was armed for. */
  let delayTimer: ReturnType<typeof setTimeout> | undefined
  let delayEnds = 0

  function arm(at: number): void {
    if (delayTimer !== undefined) clearTimeout(delayTimer)
    delayEnds = at
    delayTimer = setTimeout(delayEnded, Math.max(0, at - Date.now()))
  }

  /** Readies the tickets whose delay ended by the time the timer was armed for. */
  function delayEnded(): void {
    delayTimer = undefined
    const ended = delayEnds
    let readied = false
    let nextEnd = Infinity
    for (const ticket of tickets) {
      if (ticket.ready) continue
      if (ticket.readyAt <= ended) ticket.ready = readied = true
      else nextEnd = Math.min(nextEnd, ticket.readyAt)
    }
    if (nextEnd !== Infinity) arm(nextEnd)
    if (readied) update()
  }

  function hide(): void {
    hideTimer = undefined
    shown = undefined
    ui.hideLoading()
  }

  function update(): void {
    let title: string | undefined
    let mask = false
    let hold = 0
    // Oldest first: the last ready ticket is the newest request.
    for (const ticket of tickets) {
      if (!ticket.ready) continue
      title = ticket.title
      mask = mask || ticket.mask
      hold = Math.max(hold, ticket.minDuration)
    }
    if (title !== undefined) {
      if (hideTimer !== undefined) {
        clearTimeout(hideTimer)
        hideTimer = undefined
      }
      if (!shown) holdUntil = Date.now() + hold
      if (!shown || shown.title !== title || shown.mask !== mask) {
        shown = { title, mask }
        ui.showLoading({ title, mask })
      }
    } else if (shown && hideTimer === undefined) {
      const left = holdUntil - Date.now()
      if (left > 0) hideTimer = setTimeout(hide, left)
      else hide()
    }
  }

  return {
    get active() {
      return tickets.length
    },
    get visible() {
      return shown !== undefined
    },
    begin(options) {
      const ticket: Ticket = {
        title: options.title,
        mask: options.mask,
        minDuration: options.minDuration,
        ready: options.delay <= 0,
        readyAt: Date.now() + options.delay,
      }
      tickets.push(ticket)
      if (ticket.ready) update()
      else if (delayTimer === undefined || ticket.readyAt < delayEnds) arm(ticket.readyAt)
      return () => {
        const at = tickets.indexOf(ticket)
        if (at < 0) return
        tickets.splice(at, 1)
        if (ticket.ready) update()
      }
    },
  }
}

/**
 * The loading tracker of a runtime object, made on first use.
 * @example getLoadingTracker(client.wx).active // requests that want the loading now
 */
export function getLoadingTracker(wx: WxRuntime): LoadingTracker {
  return runtimeService(wx, 'loading', track)
}
