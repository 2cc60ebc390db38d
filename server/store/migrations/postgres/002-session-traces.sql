-- A class student's newest traces per session (so per lesson), for their teacher's read-only view.
-- Each is the trace's JSON, already fitted to a size; the store keeps only the newest few.
-- seq orders them as they were recorded (two can end in the same millisecond).
CREATE TABLE traces (
  seq BIGSERIAL PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  trace_id TEXT NOT NULL,
  recorded_at BIGINT NOT NULL,
  json TEXT NOT NULL,
  UNIQUE (session_id, trace_id)
);
CREATE INDEX traces_session_seq ON traces (session_id, seq);
