export { createFakeWx, type FakeAnswer, type FakeCall, type FakeWx } from './fake-wx'
