import type { ServerSentEvent } from '../src'

/** The events the fixture must give (see its comment in the demo server). */
export const FIXTURE_EVENTS: ServerSentEvent[] = [
  { event: '问候', data: '你好，世界', id: '1' },
  { event: 'message', data: '第一行\n第二行\n 两个空格', id: '2' },
  { event: 'message', data: '😊 emoji', id: '' },
  { event: 'message', data: '', id: '' },
  { event: 'message', data: 'after NUL id', id: '' },
  { event: 'message', data: '末尾', id: '' },
]
