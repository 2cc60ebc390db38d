import type { ServiceConfig } from '../contract/services.js';
import type { ServiceResult } from '../sandbox/sandbox-types.js';

/** Thrown into learner code when a simulated call fails, like a real SDK would. */
export class ServiceError extends Error {}

/** The card number that is always declined, as in real payment gateways' test modes. */
export const DECLINED_CARD = '4000000000000002';

type Operation = (input: Record<string, unknown>) => unknown;

const PLACES: Record<string, { lat: number; lng: number }> = {
  jakarta: { lat: -6.2088, lng: 106.8456 },
  bandung: { lat: -6.9175, lng: 107.6191 },
  surabaya: { lat: -7.2575, lng: 112.7521 },
  yogyakarta: { lat: -7.7956, lng: 110.3695 },
  medan: { lat: 3.5952, lng: 98.6722 },
  denpasar: { lat: -8.6705, lng: 115.2126 },
};

function distanceKm(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = Math.PI / 180;
  const h = Math.sin(((b.lat - a.lat) * rad) / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(((b.lng - a.lng) * rad) / 2) ** 2;
  return Math.round(12742 * Math.asin(Math.sqrt(h)) * 10) / 10;
}

function place(name: unknown) {
  const found =
    PLACES[
      String(name ?? '')
        .trim()
        .toLowerCase()
    ];
  if (!found) throw new ServiceError(`maps: unknown place "${String(name)}"; try ${Object.keys(PLACES).join(', ')}`);
  return found;
}

const operations: Record<ServiceConfig['kind'], Record<string, Operation>> = {
  payment: {
    charge(input) {
      const amount = Number(input.amount);
      if (!Number.isFinite(amount) || amount <= 0) throw new ServiceError('payment: amount must be a positive number');
      if (String(input.card ?? '') === DECLINED_CARD) throw new ServiceError('payment: card_declined');
      return { status: 'paid', amount, transactionId: `tx_${Math.random().toString(36).slice(2, 10)}` };
    },
  },
  maps: {
    geocode: (input) => ({ place: String(input.place), ...place(input.place) }),
    distance: (input) => ({ from: String(input.from), to: String(input.to), km: distanceKm(place(input.from), place(input.to)) }),
  },
};

/** Calls a simulated service; failures come back as `ok: false` with the error the learner sees. */
export function callService(configs: ServiceConfig[], service: string, operation: string, input: unknown): ServiceResult & { error?: string } {
  const config = configs.find((c) => c.name === service);
  if (!config) throw new Error(`this lesson has no service "${service}"${configs.length ? `; it has ${configs.map((c) => c.name).join(', ')}` : ''}`);
  const run = operations[config.kind][operation];
  if (!run) throw new Error(`services.${service} has no operation "${operation}"; it has ${Object.keys(operations[config.kind]).join(', ')}`);
  const args = input && typeof input === 'object' ? (input as Record<string, unknown>) : {};
  try {
    if (Math.random() < config.failureRate) throw new ServiceError(`${config.kind}: service unavailable (503)`);
    return { ok: true, response: run(args), latencyMs: config.latencyMs };
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error;
    return { ok: false, response: { error: error.message }, latencyMs: config.latencyMs, error: error.message };
  }
}
