import { describe, expect, it } from 'vitest';
import { lessonFrontmatterSchema, translationFrontmatterSchema } from '../../../server/lessons/lesson-files.js';

const minimal = { title: 'Routes', order: 2 };

describe('lessonFrontmatterSchema', () => {
  it('accepts every field', () => {
    const parsed = lessonFrontmatterSchema.parse({
      ...minimal,
      walkthrough: false,
      queryPlan: true,
      hints: [{ en: 'Look at req.body', id: 'Lihat req.body' }],
      services: [{ name: 'payment', kind: 'payment', latencyMs: 300, failureRate: 0.1 }],
      suggestedRequests: [{ label: { en: 'Order', id: 'Pesan' }, method: 'POST', path: '/api/orders', body: { quantity: 1 } }],
    });
    expect(parsed.queryPlan).toBe(true);
    expect(parsed.services[0]!.latencyMs).toBe(300);
  });

  it('accepts a minimal lesson with defaults off', () => {
    expect(lessonFrontmatterSchema.parse(minimal)).toEqual({ ...minimal, suggestedRequests: [], services: [], hints: [], walkthrough: false, predict: false, queryPlan: false });
  });

  it.each([
    ['no title', { order: 2 }],
    ['an order as text', { ...minimal, order: 'two' }],
    ['a negative order', { ...minimal, order: -1 }],
    ['a hint in one language', { ...minimal, hints: [{ en: 'x' }] }],
    ['a service of an unknown kind', { ...minimal, services: [{ name: 'mail', kind: 'email' }] }],
    ['a failure rate above 1', { ...minimal, services: [{ name: 'pay', kind: 'payment', failureRate: 2 }] }],
    ['a suggested request without /', { ...minimal, suggestedRequests: [{ label: { en: 'a', id: 'b' }, method: 'GET', path: 'x' }] }],
    ['queryPlan as text', { ...minimal, queryPlan: 'yes' }],
    ['an unknown field', { ...minimal, checks: [] }],
  ])('rejects %s', (_name, value) => {
    expect(lessonFrontmatterSchema.safeParse(value).success).toBe(false);
  });
});

describe('translationFrontmatterSchema', () => {
  it('takes a title and nothing else', () => {
    expect(translationFrontmatterSchema.parse({ title: 'Rute' })).toEqual({ title: 'Rute' });
    expect(translationFrontmatterSchema.safeParse({ title: '' }).success).toBe(false);
    expect(translationFrontmatterSchema.safeParse({ title: 'Rute', order: 2 }).success).toBe(false);
  });
});
