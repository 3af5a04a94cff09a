// The few globals shared/ may use: ones that Node 20 and Chromium both provide with the same
// behaviour (WHATWG URL, TextEncoder, atob, structuredClone). shared/ sees neither DOM nor Node
// types (tsconfig.shared.json), so anything else (fetch, Buffer, process, timers) fails to compile.
// The shapes follow lib.dom.d.ts; only the members shared/ reads are declared.

declare class URL {
  constructor(url: string, base?: string | URL);
  readonly hash: string;
  readonly host: string;
  readonly hostname: string;
  readonly password: string;
  readonly pathname: string;
  readonly port: string;
  readonly protocol: string;
  readonly search: string;
  readonly username: string;
}

declare class TextEncoder {
  encode(input?: string): Uint8Array;
}

declare function atob(data: string): string;

declare function structuredClone<T>(value: T): T;
