// The two small helpers Express's res.send uses, which ship without types.
declare module 'etag' {
  export default function etag(entity: string | Buffer, options?: { weak?: boolean }): string;
}
declare module 'fresh' {
  export default function fresh(requestHeaders: Record<string, string | string[] | undefined>, responseHeaders: Record<string, unknown>): boolean;
}
