#!/usr/bin/env node
// Decode + parse throughput of @miniwire/stream's UTF-8 decoder and SSE parser (what runs in the
// logic layer, which has no TextDecoder) against Node's native TextDecoder plus the
// eventsource-parser package, on the same chunked chat-completion stream in the same process.
// Rounds alternate the two sides; time is CPU time (user + system) from process.cpuUsage().
// Budget (issue 16): our throughput ≥ 0.5 × the floor's. Run after `pnpm build`:
//   node scripts/bench/standalone/stream.mjs (`pnpm bench` runs it too)
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const { createSseParser, createUtf8Decoder } = require('../../../packages/stream/dist/index.js')
const { createParser } = require('eventsource-parser')

const BUDGET = 0.5
const ROUNDS = 21
const PASSES = 4

/** A chat completion streamed token by token: Chinese, emoji and ASCII, ids on some events. */
function buildInput() {
  const text = '你好！流式输出让回答一个字一个字地出现。Streaming answers, token by token 😊 '
  const tokens = Array.from(text)
  let body = ': chat completion\n\nretry: 3000\n\n'
  for (let i = 0; i < 12_000; i++) {
    const delta = {
      id: 'chatcmpl-42',
      object: 'chat.completion.chunk',
      choices: [{ index: 0, delta: { content: tokens[i % tokens.length] } }],
    }
    const id = i % 10 === 0 ? `id: ${i}\n` : ''
    body += `${id}data: ${JSON.stringify(delta)}\n\n`
  }
  body += 'data: [DONE]\n\n'
  const bytes = new TextEncoder().encode(body)
  // Chunks of 1–4 KB cut at arbitrary bytes, often inside a character or a CRLF pair.
  const chunks = []
  let seed = 7
  for (let at = 0; at < bytes.length; ) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff
    const size = 1024 + (seed % 3072)
    chunks.push(bytes.subarray(at, at + size))
    at += size
  }
  return { bytes, chunks }
}

function ours(chunks) {
  let events = 0
  const decoder = createUtf8Decoder()
  const parser = createSseParser({ onEvent: () => events++ })
  for (const chunk of chunks) parser.push(decoder.decode(chunk))
  parser.push(decoder.flush())
  return events
}

function floor(chunks) {
  let events = 0
  const decoder = new TextDecoder()
  const parser = createParser({ onEvent: () => events++ })
  for (const chunk of chunks) parser.feed(decoder.decode(chunk, { stream: true }))
  parser.feed(decoder.decode())
  return events
}

// No forced gc() before a timing: a forced full collection deoptimizes optimized code whose
// embedded maps died with it (V8's "weak objects"), so the next timing runs partly unoptimized.
// It slowed the short floor side most (TextDecoder + eventsource-parser 690 → 160–200 MB/s,
// even 100 ms after the collection), which made the ratio read about twice what it is.
function cpuTime(run, chunks) {
  const start = process.cpuUsage()
  let events = 0
  for (let pass = 0; pass < PASSES; pass++) events += run(chunks)
  const used = process.cpuUsage(start)
  return { micros: used.user + used.system, events }
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}
const range = (values) => `${Math.min(...values).toFixed(1)}–${Math.max(...values).toFixed(1)}`

const { bytes, chunks } = buildInput()
const expected = ours(chunks)
if (floor(chunks) !== expected) throw new Error('the two sides disagree on the event count')
for (let i = 0; i < 3; i++) {
  ours(chunks)
  floor(chunks)
}

const mb = (bytes.length * PASSES) / 1e6
const oursMBs = []
const floorMBs = []
const ratios = []
for (let round = 0; round < ROUNDS; round++) {
  const order = round % 2 === 0 ? [ours, floor] : [floor, ours]
  const result = new Map(order.map((run) => [run, cpuTime(run, chunks)]))
  const a = mb / (result.get(ours).micros / 1e6)
  const b = mb / (result.get(floor).micros / 1e6)
  oursMBs.push(a)
  floorMBs.push(b)
  ratios.push(a / b)
}

const ratio = median(ratios)
console.log(
  `input: ${(bytes.length / 1e6).toFixed(2)} MB in ${chunks.length} chunks, ${expected} events; ${ROUNDS} rounds × ${PASSES} passes`,
)
console.log(
  `@miniwire/stream decoder + SSE parser: median ${median(oursMBs).toFixed(1)} MB/s (range ${range(oursMBs)})`,
)
console.log(
  `TextDecoder + eventsource-parser:     median ${median(floorMBs).toFixed(1)} MB/s (range ${range(floorMBs)})`,
)
console.log(
  `ratio ours/floor per round: median ${ratio.toFixed(2)} (range ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}), budget ≥ ${BUDGET}: ${ratio >= BUDGET ? 'OK' : 'OVER'}`,
)
