-- The article's streaming example: every episode every user watched, one row each.
CREATE TABLE watch_history (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id INTEGER NOT NULL,
  title TEXT NOT NULL,
  watched_at TEXT NOT NULL
);
-- An index is a sorted table of contents: "user 1's rows, newest first" without reading every row.
CREATE INDEX idx_history_user_time ON watch_history (user_id, watched_at);
