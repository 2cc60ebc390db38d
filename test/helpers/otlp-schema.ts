import { createRequire } from 'node:module';
import { expect } from 'vitest';

/**
 * The official OpenTelemetry protobuf definitions, as the JS SDK's otlp-transformer (0.57) ships them
 * compiled by protobufjs: decoding with the real ExportTraceServiceRequest is what proves the export
 * is OTLP, not a look-alike.
 */
const require = createRequire(import.meta.url);
const root = require('@opentelemetry/otlp-transformer/build/src/generated/root.js');
const ExportTraceServiceRequest = root.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;

/**
 * OTLP/JSON differs from protobuf's canonical JSON in one way: trace and span ids are hex, not
 * base64 (https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding). Convert them both ways.
 */
const ID_FIELDS = new Set(['traceId', 'spanId', 'parentSpanId']);
function mapIds(value: unknown, convert: (id: string) => string): unknown {
  if (Array.isArray(value)) return value.map((v) => mapIds(v, convert));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, ID_FIELDS.has(k) && typeof v === 'string' ? convert(v) : mapIds(v, convert)]));
}
const hexToBase64 = (hex: string) => Buffer.from(hex, 'hex').toString('base64');
const base64ToHex = (b64: string) => Buffer.from(b64, 'base64').toString('hex');

/** Decodes through the protobuf message and back: anything the schema does not know is lost, so the round trip must be exact. */
export function roundTrip(exported: unknown) {
  const canonical = mapIds(exported, hexToBase64) as Record<string, unknown>;
  const message = ExportTraceServiceRequest.fromObject(canonical);
  // verify checks a message's fields against their proto types (JSON's int64 strings are fromObject's to read).
  expect(ExportTraceServiceRequest.verify(message)).toBeNull();
  // Through the wire format too, as a collector would receive it.
  const decoded = ExportTraceServiceRequest.decode(ExportTraceServiceRequest.encode(message).finish());
  return mapIds(ExportTraceServiceRequest.toObject(decoded, { longs: String, bytes: String, enums: Number, defaults: false }), base64ToHex);
}
