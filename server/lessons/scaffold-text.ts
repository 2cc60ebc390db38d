/**
 * The text `npm run lessons:new` writes for the instructor to replace. The loader reports any of it
 * still in a lesson, so a scaffold cannot reach students half-written.
 */
export const SCAFFOLD_TEXT = {
  en: 'What the student learns, in a few short paragraphs. End with the task.',
  id: 'Teks yang sama dalam Bahasa Indonesia (lihat GLOSSARY.md untuk istilahnya).',
  hint: { en: 'A first, gentle hint.', id: 'Petunjuk pertama yang ringan.' },
};
