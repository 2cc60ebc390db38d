import type { Language } from '../../../server/contract/lesson.js';
import type { Mark, Stage, Stopper } from './score.js';

/** A service's box label by name ("Payment gateway"), from the lesson. */
export type ServiceLabels = Record<string, string>;

const serviceName = (stage: Stage, labels: ServiceLabels) => {
  const name = stage.slice('service:'.length);
  return labels[name] ?? name;
};

/** "the route handler would run": what the learner expected of a stage. */
const expectation: Record<Language, (stage: Stage, labels: ServiceLabels) => string> = {
  en: (stage, labels) =>
    stage === 'handler' ? 'the route handler would run' : stage === 'database' ? 'the database would be asked' : `the outside service ${serviceName(stage, labels)} would be called`,
  id: (stage, labels) => (stage === 'handler' ? 'handler rute akan berjalan' : stage === 'database' ? 'basis data akan ditanya' : `layanan luar ${serviceName(stage, labels)} akan dipanggil`),
};

const stopped: Record<Language, (stopper: Stopper, status: number) => string> = {
  en: (stopper, status) =>
    stopper.kind === 'middleware'
      ? `the middleware ${stopper.name || '(anonymous)'} stopped it with ${status}`
      : stopper.kind === 'error'
        ? `an error stopped the request first (${status})`
        : `the response (${status}) went out without it`,
  id: (stopper, status) =>
    stopper.kind === 'middleware'
      ? `middleware ${stopper.name || '(tanpa nama)'} menghentikannya dengan ${status}`
      : stopper.kind === 'error'
        ? `sebuah kesalahan menghentikan permintaan lebih dulu (${status})`
        : `respons (${status}) terkirim tanpanya`,
};

/** One sentence on a step where the prediction and the trace part ways. */
export function markWords(mark: Mark, language: Language, labels: ServiceLabels = {}): string {
  const en = language === 'en';
  switch (mark.type) {
    case 'missed':
      return en
        ? `You said ${expectation.en(mark.stage, labels)}; ${stopped.en(mark.stopper, mark.status)}.`
        : `Kamu bilang ${expectation.id(mark.stage, labels)}; ${stopped.id(mark.stopper, mark.status)}.`;
    case 'unexpected':
      return en ? `You did not expect that ${expectation.en(mark.stage, labels)}; it happened here.` : `Kamu tidak mengira ${expectation.id(mark.stage, labels)}; ternyata terjadi di sini.`;
    case 'status':
      return en ? `You said ${mark.predicted}; the response was ${mark.actual}.` : `Kamu bilang ${mark.predicted}; responsnya ${mark.actual}.`;
    case 'rows':
      return en
        ? `You said the last query would return ${mark.predicted} ${mark.predicted === 1 ? 'row' : 'rows'}; it returned ${mark.actual}.`
        : `Kamu bilang kueri terakhir akan mengembalikan ${mark.predicted} baris; ternyata ${mark.actual}.`;
    case 'queries':
      return en
        ? `You said the request would run ${mark.predicted} ${mark.predicted === 1 ? 'query' : 'queries'}; it ran ${mark.actual}.`
        : `Kamu bilang permintaan ini akan menjalankan ${mark.predicted} kueri; ternyata ${mark.actual}.`;
  }
}

/** A stage's name in the question and the summary. */
export function stageWords(stage: Stage, language: Language, labels: ServiceLabels = {}): string {
  if (stage === 'handler') return language === 'en' ? 'Route handler' : 'Handler rute';
  if (stage === 'database') return language === 'en' ? 'Database' : 'Basis data';
  return serviceName(stage, labels);
}
