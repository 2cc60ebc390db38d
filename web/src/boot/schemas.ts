// zod and the schemas the server and the page share, evaluated in a task of their own before the
// app (see main.tsx): building them is the largest single part of the page's start-up.
import 'zod';
import '../../../server/contract/api.js';
import '../../../server/contract/trace.js';
import '../../../server/contract/lesson.js';
