// Monaco's API alone, evaluated first by load-code-editor.ts; the same module monaco-entry.ts uses.
import 'monaco-editor/editor/editor.api.js';
