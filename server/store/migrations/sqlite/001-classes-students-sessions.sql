-- Classes, their teachers' logins and students, each student's progress per lesson, and every
-- session's code and database image. Times are milliseconds since the epoch.
CREATE TABLE classes (
  id TEXT PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL
);

-- Only hashes of tokens are kept: a copy of the database opens no one's account.
CREATE TABLE teacher_logins (
  token_hash TEXT PRIMARY KEY,
  class_id TEXT NOT NULL REFERENCES classes (id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL
);
CREATE INDEX teacher_logins_class ON teacher_logins (class_id);

CREATE TABLE students (
  id TEXT PRIMARY KEY,
  class_id TEXT NOT NULL REFERENCES classes (id) ON DELETE CASCADE,
  display_name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  UNIQUE (class_id, display_name)
);

CREATE TABLE progress (
  student_id TEXT NOT NULL REFERENCES students (id) ON DELETE CASCADE,
  lesson_id TEXT NOT NULL,
  checks_passed INTEGER,
  checks_total INTEGER,
  -- JSON array of the ids of the checks that failed in the latest run, in the lesson's order.
  failing_checks TEXT NOT NULL DEFAULT '[]',
  done_at INTEGER,
  last_activity_at INTEGER NOT NULL,
  PRIMARY KEY (student_id, lesson_id)
);

CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  student_id TEXT REFERENCES students (id) ON DELETE CASCADE,
  lesson_id TEXT NOT NULL,
  code TEXT NOT NULL,
  -- NULL: the lesson's own starting database.
  db_image BLOB,
  image_saved_at INTEGER,
  -- Set when a committed change is waiting for its (debounced) image write; cleared by the write.
  pending_since INTEGER,
  last_seen_at INTEGER NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX sessions_student_lesson ON sessions (student_id, lesson_id);
CREATE INDEX sessions_last_seen ON sessions (last_seen_at);
