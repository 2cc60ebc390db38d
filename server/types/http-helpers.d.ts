// Small helpers that ship without types: what Express's res.send uses, and the cookie parser.
declare module 'etag' {
  export default function etag(entity: string | Buffer, options?: { weak?: boolean }): string;
}
declare module 'fresh' {
  export default function fresh(requestHeaders: Record<string, string | string[] | undefined>, responseHeaders: Record<string, unknown>): boolean;
}
declare module 'cookie' {
  const cookie: { parse(header: string): Record<string, string | undefined>; serialize(name: string, value: string, options?: Record<string, unknown>): string };
  export default cookie;
}
