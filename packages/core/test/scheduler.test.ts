import { describe, expect, it } from 'vitest'
import { createAbortController, getScheduler, isAbortError, Scheduler } from '../src'

const flush = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('Scheduler', () => {
  it('should hold tasks beyond the limit until a slot frees', async () => {
    const scheduler = new Scheduler(2)
    const a = scheduler.tryAcquire()!
    const b = scheduler.tryAcquire()!
    expect(scheduler.tryAcquire()).toBeUndefined()
    let granted = false
    const c = scheduler.acquire().then((release) => {
      granted = true
      return release
    })
    await flush()
    expect(granted).toBe(false)
    expect(scheduler.pending).toBe(1)
    a()
    a() // releasing twice frees one slot only
    const release = await c
    expect(granted).toBe(true)
    expect(scheduler.active).toBe(2)
    release()
    b()
    expect(scheduler.active).toBe(0)
  })

  it('should serve high before normal before low, FIFO within a priority', async () => {
    const scheduler = new Scheduler(1)
    const hold = scheduler.tryAcquire()!
    const order: string[] = []
    const wait = (name: string, priority: 'high' | 'normal' | 'low') =>
      scheduler.acquire(priority).then((release) => {
        order.push(name)
        release()
      })
    const all = Promise.all([
      wait('low1', 'low'),
      wait('n1', 'normal'),
      wait('h1', 'high'),
      wait('n2', 'normal'),
      wait('h2', 'high'),
    ])
    hold()
    await all
    expect(order).toEqual(['h1', 'h2', 'n1', 'n2', 'low1'])
  })

  it('should not starve a low-priority task behind a stream of high ones', async () => {
    const scheduler = new Scheduler(1, 4)
    let hold = scheduler.tryAcquire()!
    let lowServedAfter = -1
    let highServed = 0
    const low = scheduler.acquire('low').then((release) => {
      lowServedAfter = highServed
      release()
    })
    // keep the high queue non-empty: every grant is followed by a new high waiter
    for (let i = 0; i < 20; i++) {
      const next = scheduler.acquire('high')
      hold()
      hold = await Promise.race([next, low.then(() => next)])
      highServed++
      if (lowServedAfter >= 0) break
    }
    hold()
    await low
    expect(lowServedAfter).toBeGreaterThanOrEqual(0)
    expect(lowServedAfter).toBeLessThanOrEqual(5)
  })

  it('should take an aborted waiter out of the queue without using a slot', async () => {
    const scheduler = new Scheduler(1)
    const hold = scheduler.tryAcquire()!
    const controller = createAbortController()
    const waiting = scheduler.acquire('normal', controller.signal, () => new Error('gave up'))
    controller.abort()
    await expect(waiting).rejects.toThrow('gave up')
    expect(scheduler.pending).toBe(0)
    hold()
    expect(scheduler.active).toBe(0)
  })

  it('should share one scheduler per runtime object', () => {
    const runtime = {}
    expect(getScheduler(runtime)).toBe(getScheduler(runtime))
    expect(getScheduler(runtime, 3).limit).toBe(3)
    expect(getScheduler({})).not.toBe(getScheduler(runtime))
    expect(isAbortError(new Error('x'))).toBe(false)
  })
})
