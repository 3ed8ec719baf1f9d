/**
 * A typed stand-in for the background in component tests. Each test file still mocks the messaging module
 * (`vi.mock("../../utils/messaging", () => ({ sendMessage: vi.fn() }))`, hoisted per file); this wraps that
 * mock so handlers and recorded calls are typed by `ProtocolMap`: a misspelled message name, wrong data or a
 * wrong reply shape fails to compile instead of passing.
 */
import { type Mock, vi } from "vitest";
import { type ProtocolMap, sendMessage } from "../../utils/messaging";

export type MessageType = keyof ProtocolMap;
export type MessageData<K extends MessageType> = Parameters<ProtocolMap[K]>[0];
export type MessageReply<K extends MessageType> = ReturnType<ProtocolMap[K]>;

/** One handler per message; a message without one is an error the test sees ("unexpected message …"). */
export type FakeHandlers = {
  [K in MessageType]?: (data: MessageData<K>) => MessageReply<K> | Promise<MessageReply<K>>;
};

type RawSend = Mock<(type: MessageType, data?: unknown) => Promise<unknown>>;

export interface FakeBackground {
  /** The mocked `sendMessage`, for call-order checks and one-off `mockRejectedValue`s. */
  readonly mock: RawSend;
  /** Replaces every handler. */
  handle(handlers: FakeHandlers): void;
  /** Adds or replaces some handlers, keeping the others. */
  also(handlers: FakeHandlers): void;
  /** The data of every call of one message, oldest first. */
  calls<K extends MessageType>(type: K): MessageData<K>[];
  /** Forgets calls and handlers. */
  reset(): void;
}

/** Wraps the mocked `sendMessage` of the calling test file (see the module comment). */
export function fakeBackground(): FakeBackground {
  // The one cast: vi.mock replaced the module's export with a vi.fn(), whose type TypeScript cannot see.
  const mock = vi.mocked(sendMessage) as unknown as RawSend;
  let handlers: FakeHandlers = {};
  const install = () =>
    mock.mockImplementation(async (type, data) => {
      const handler = handlers[type] as ((data: unknown) => unknown) | undefined;
      if (!handler) throw new Error(`unexpected message ${type}`);
      return handler(data);
    });
  install();
  return {
    mock,
    handle(next) {
      handlers = { ...next };
      install();
    },
    also(more) {
      handlers = { ...handlers, ...more };
      install();
    },
    calls<K extends MessageType>(type: K) {
      return mock.mock.calls.filter(([kind]) => kind === type).map(([, data]) => data as MessageData<K>);
    },
    reset() {
      mock.mockReset();
      handlers = {};
      install();
    },
  };
}
