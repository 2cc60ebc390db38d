-- 3000 rows: users 1, 2 and 3 take turns, one episode a minute from 1 January 2026.
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
INSERT INTO watch_history (user_id, title, watched_at)
SELECT (i % 3) + 1,
       'Si Doel Anak Sekolahan — episode ' || ((i / 3) % 160 + 1),
       strftime('%Y-%m-%d %H:%M', '2026-01-01', '+' || i || ' minutes')
FROM n;
